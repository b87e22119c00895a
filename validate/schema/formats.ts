/** `resource.Quantity` syntax: <signedNumber><suffix>, suffix binary SI, decimal SI or an exponent. */
export const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

/** Standard base64, as the API server decodes `format: byte` (Secret `data`). */
export const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
