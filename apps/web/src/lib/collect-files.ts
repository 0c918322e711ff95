/** Photos and videos by type, or by extension where the browser does not know the type (HEIC, DNG). */
const mediaExtensions =
  /\.(jpe?g|png|gif|webp|avif|tiff?|heic|heif|dng|cr2|cr3|nef|arw|raf|orf|rw2|mov|mp4|m4v|3gp|avi|mkv)$/i;

export function isMedia(file: File): boolean {
  return file.type.startsWith('image/') || file.type.startsWith('video/') || mediaExtensions.test(file.name);
}

/**
 * Every file dropped, walking into dropped folders. The entries must be taken from the
 * DataTransfer synchronously, during the drop event; reading them can be asynchronous.
 */
export async function filesFromDrop(transfer: DataTransfer): Promise<File[]> {
  const entries = [...transfer.items]
    .map((item) => item.webkitGetAsEntry?.())
    .filter((entry): entry is FileSystemEntry => !!entry);
  if (entries.length === 0) return [...transfer.files];
  const files: File[] = [];
  const walk = async (entry: FileSystemEntry): Promise<void> => {
    if (entry.isFile) {
      files.push(
        await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject)),
      );
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      // readEntries answers in batches (100 in Chromium) until it answers an empty one.
      while (true) {
        const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
          reader.readEntries(resolve, reject),
        );
        if (batch.length === 0) break;
        for (const child of batch) await walk(child);
      }
    }
  };
  for (const entry of entries) await walk(entry);
  return files;
}
