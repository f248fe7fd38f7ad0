// What the import pages' forms send: a file, and errors about it.
import { formErrorOrThrow } from "#app/modules/identity/guard.server.ts";
import { invalid } from "#app/modules/platform/http.server.ts";
import { ImportFileError } from "./import-file.server.ts";
import type { UploadedFile } from "./import-stage.server.ts";

/** The file of a form, if one was chosen (a form without one still sends an empty, nameless part). */
export async function uploadedFile(form: FormData): Promise<UploadedFile | null> {
  const file = form.get("file");
  if (!(file instanceof File) || (file.size === 0 && file.name === "")) return null;
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

/** A file that cannot be imported, as an error on the file field with its details. */
export function fileError(error: unknown) {
  if (error instanceof ImportFileError) {
    return invalid(
      { file: error.key },
      {},
      { params: { file: error.params } as Record<string, Record<string, string>> },
    );
  }
  return formErrorOrThrow(error, "file");
}
