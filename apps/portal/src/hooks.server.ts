// Requests under /api/ belong to the API: forwarded as they are (Workers, `vite dev` without the
// proxy), and server-side loads call the API directly instead of looping through the public host.
import type { Handle, HandleFetch } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { apiUnavailable, isApiPath, resolveApiUpstream, sendToApi } from '$lib/server/api-upstream';

export const handle: Handle = async ({ event, resolve }) => {
  if (!isApiPath(event.url.pathname)) {
    const response = await resolve(event);
    // Pages are read-only public documents: no framing, no type sniffing, no full referrers.
    response.headers.set('x-content-type-options', 'nosniff');
    response.headers.set('x-frame-options', 'DENY');
    response.headers.set('referrer-policy', 'strict-origin-when-cross-origin');
    return response;
  }
  const upstream = resolveApiUpstream(event.platform, env.API_ORIGIN);
  if (!upstream) return apiUnavailable('Chưa cấu hình địa chỉ API (API_ORIGIN) hoặc liên kết dịch vụ API.');
  // API_ORIGIN pointing at the portal itself would send the request round in circles.
  if (upstream.kind === 'origin' && new URL(upstream.origin).origin === event.url.origin)
    return apiUnavailable('API_ORIGIN trỏ về chính cổng thông tin, không phải máy chủ API.');
  try {
    return await sendToApi(upstream, event.request);
  } catch (_error) {
    return apiUnavailable('Không kết nối được tới máy chủ API.');
  }
};

export const handleFetch: HandleFetch = async ({ event, request, fetch }) => {
  const url = new URL(request.url);
  if (url.origin !== event.url.origin || !isApiPath(url.pathname)) return fetch(request);
  const upstream = resolveApiUpstream(event.platform, env.API_ORIGIN);
  if (!upstream) return fetch(request);
  // A same-origin call carries the reader's cookies and authorization, as SvelteKit's own fetch
  // would; the API decides what they allow.
  const headers = new Headers(request.headers);
  for (const name of ['cookie', 'authorization']) {
    const value = event.request.headers.get(name);
    if (value && !headers.has(name)) headers.set(name, value);
  }
  return sendToApi(upstream, new Request(request, { headers }));
};
