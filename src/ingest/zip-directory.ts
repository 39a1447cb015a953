/**
 * Quick looks inside a ZIP without extracting it: the names in its central directory and
 * small members read whole. Used to tell a .docx from a plain zip and to read a .docx's
 * title. Pure (fflate on bytes in memory).
 */
import { unzipSync } from 'fflate';

/**
 * The member names of a ZIP, from its central directory; nothing is decompressed.
 * @param bytes - the ZIP file
 * @param namesMax - names read before stopping
 * @returns the names, or an empty list when the directory cannot be read
 */
export function listZipNames(bytes: Uint8Array, namesMax: number): string[] {
  const names: string[] = [];
  try {
    unzipSync(bytes, {
      filter: (file) => {
        if (names.length >= namesMax) throw new RangeError('enough names');
        names.push(file.name);
        return false;
      },
    });
  } catch {
    // A damaged or huge directory yields what was read; the archive reader reports the damage.
  }
  return names;
}

/**
 * Reads one small member of a ZIP whole. The allocation is bounded by the declared size,
 * which fflate never exceeds, and members declaring more than `sizeBytesMax` are not read.
 * @param bytes - the ZIP file
 * @param name - the member's exact name
 * @param sizeBytesMax - the largest declared size read
 * @returns the member's bytes, or undefined when it is absent, too large or damaged
 */
export function readSmallZipMember(bytes: Uint8Array, name: string, sizeBytesMax: number): Uint8Array | undefined {
  try {
    const files = unzipSync(bytes, {
      filter: (file) => file.name === name && file.originalSize <= sizeBytesMax && (file.compression === 0 || file.compression === 8),
    });
    return files[name];
  } catch {
    // A damaged member is simply not available; callers treat it as absent.
    return undefined;
  }
}
