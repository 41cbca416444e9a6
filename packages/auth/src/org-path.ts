/**
 * Org paths are materialised: `/<cityId>/<districtId>/<streetId>/<enterpriseId>/`, with a
 * trailing delimiter so `/A/B/` never matches `/A/BC/`. "Everything under X" is one
 * index range scan: path >= X.path AND path < subtreeEnd(X.path). A range (not LIKE)
 * uses the index on both MariaDB (ascii_bin column) and SQLite (binary collation).
 */
export const PATH_DELIMITER = '/';

/** '0' is the character right after '/', so [path, end) holds exactly the subtree. */
const AFTER_DELIMITER = String.fromCharCode(PATH_DELIMITER.charCodeAt(0) + 1);

export function childPath(parentPath: string | null, id: string): string {
  return `${parentPath ?? PATH_DELIMITER}${id}${PATH_DELIMITER}`;
}

export function subtreeRange(path: string): { from: string; to: string } {
  assertPath(path);
  return { from: path, to: path.slice(0, -1) + AFTER_DELIMITER };
}

export function isWithin(path: string, ancestorPath: string): boolean {
  return path.startsWith(ancestorPath);
}

/** Ids from the root down to the node itself. */
export function pathIds(path: string): string[] {
  assertPath(path);
  return path.split(PATH_DELIMITER).filter(Boolean);
}

export function depthOf(path: string): number {
  return pathIds(path).length;
}

function assertPath(path: string): void {
  if (!path.startsWith(PATH_DELIMITER) || !path.endsWith(PATH_DELIMITER) || path.length < 3) {
    throw new Error(`Malformed org path: ${JSON.stringify(path)}`);
  }
}
