/** Tree element ids shared by every view: JSON arrays of the kind and the keys, so no key content can make two ids equal. */
export function nodeId(...parts: (string | number)[]): string {
  return JSON.stringify(parts);
}
