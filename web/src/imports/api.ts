import { ApiError } from '../api/client';

/**
 * Posts a multipart upload with XMLHttpRequest, because fetch reports no upload progress.
 * `format` goes before `file` so the server knows the importer before the bytes stream in.
 */
export function uploadImport(
  slug: string,
  format: string,
  file: File,
  csrfToken: string | null,
  onProgress: (loaded: number, total: number) => void,
): Promise<{ id: string }> {
  const form = new FormData();
  form.append('format', format);
  form.append('file', file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/communities/${encodeURIComponent(slug)}/imports`);
    xhr.withCredentials = true;
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    };
    xhr.onload = () => {
      let data: { id?: string; code?: string; message?: string } | null = null;
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
