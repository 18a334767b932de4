import { ApiError, api, apiUrl, type Schema } from '../api/client';

export type ImportJob = Schema<'ImportJob'>;
export type ImportState = Schema<'ImportState'>;
type Started = Schema<'ImportStarted'>;

/** Uploading a chat export and following its import (src/communities/imports/import.routes.ts). */
export const importsApi = {
  list: (slug: string) => api.get('/api/communities/{slug}/imports', { path: { slug } }),
  get: (slug: string, id: string) => api.get('/api/communities/{slug}/imports/{id}', { path: { slug, id } }),
  upload: uploadImport,
};

/**
 * Posts a multipart upload with XMLHttpRequest, because fetch reports no upload progress.
 * `format` goes before `file` so the server knows the importer before the bytes stream in.
 */
function uploadImport(
  slug: string,
  format: string,
  file: File,
  csrfToken: string | null,
  onProgress: (loaded: number, total: number) => void,
): Promise<Started> {
  const form = new FormData();
  form.append('format', format);
  form.append('file', file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl('/api/communities/{slug}/imports', { path: { slug } }));
    xhr.withCredentials = true;
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    };
    xhr.onload = () => {
      let data: Partial<Started & Schema<'ErrorResponse'>> | null = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        data = null;
      }
      if (xhr.status >= 200 && xhr.status < 300 && data?.id) resolve({ id: data.id });
      else reject(new ApiError(xhr.status, data?.code ?? 'HTTP', data?.message ?? xhr.statusText));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'network error'));
    xhr.send(form);
  });
}
