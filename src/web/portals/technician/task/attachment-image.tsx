// An attachment's picture: the file needs the access token, which <img src> cannot send, so it is
// fetched with the token and shown from an object URL.
import { useQuery } from '@tanstack/react-query';
import { currentAccessToken, refreshToken } from '../../../api/client';

async function fetchBlob(url: string, signal: AbortSignal): Promise<Blob> {
  const get = (token: string | null) =>
    fetch(url, { signal, headers: token ? { authorization: `Bearer ${token}` } : {} });
  let response = await get(currentAccessToken());
  if (response.status === 401) response = await get(await refreshToken());
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.blob();
}

export function AttachmentImage({ url, alt }: { url: string; alt: string }) {
  const query = useQuery({
    queryKey: ['technician', 'attachmentFile', url],
    queryFn: async ({ signal }) => URL.createObjectURL(await fetchBlob(url, signal)),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 5 * 60_000,
  });
  const objectUrl = query.data;
  if (!objectUrl) return <span className="tw-attachment-placeholder" role="img" aria-label={alt} />;
  return <img src={objectUrl} alt={alt} />;
}
