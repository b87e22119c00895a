/** Segments of a field path: `['spec', 'containers', 0, 'name']`. */
export type Segments = Array<string | number>;

/** Reports one refusal of the API server's validation at a field of the object being checked. */
export type Emit = (field: Segments, message: string) => void;
