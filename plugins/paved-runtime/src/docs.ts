/** Where the cards' empty and error states send the reader. */
export const RUNTIME_DOCS_URL =
  'https://github.com/paved-dev/paved/blob/main/docs/runtime-api.md';
