/** The tag of an image reference, or undefined; digests (`@sha256:...`) pin an image without a tag. */
export function imageTag(image: string): { tag?: string; digest: boolean } {
  const at = image.indexOf('@');
  const ref = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.indexOf(':', lastSlash + 1); // a ':' before the last '/' is a registry port
  return { tag: colon >= 0 ? ref.slice(colon + 1) : undefined, digest: at >= 0 };
}
