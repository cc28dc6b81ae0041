// Where the API is, in each way the portal runs, and how a request is passed to it:
// - adapter-node under `npm start`: node.ts serves /api itself and sets API_ORIGIN to its own
//   origin, so only server-side loads come here (handleFetch);
// - Cloudflare Workers: the service binding API, unless the var API_ORIGIN is set (previews,
//   whose bindings would reach production);
// - `vite dev`: API_ORIGIN or http://127.0.0.1:8787 (the browser's /api goes through Vite's proxy).
import { dev } from '$app/environment';

export const DEV_API_ORIGIN = 'http://127.0.0.1:8787';

export type ApiUpstream = { kind: 'binding'; binding: ServiceBinding } | { kind: 'origin'; origin: string };

export function isApiPath(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/');
}

export function resolveApiUpstream(platform: App.Platform | undefined, apiOrigin: string | undefined): ApiUpstream | null {
  const origin = apiOrigin?.trim() || platform?.env?.API_ORIGIN?.trim();
  if (origin) return { kind: 'origin', origin };
  // Under `vite dev` the Cloudflare emulation offers a binding to a Worker that is not running.
  if (dev) return { kind: 'origin', origin: DEV_API_ORIGIN };
  if (platform?.env?.API) return { kind: 'binding', binding: platform.env.API };
  return null;
}

/** Sends `request` (a URL on the portal's origin, under /api) to the API and returns its answer. */
export async function sendToApi(upstream: ApiUpstream, request: Request): Promise<Response> {
  if (upstream.kind === 'binding') return upstream.binding.fetch(request);

  const from = new URL(request.url);
  const target = new URL(from.pathname + from.search, upstream.origin);
  const headers = new Headers(request.headers);
  headers.delete('host');
  headers.set('x-forwarded-host', from.host);
  headers.set('x-forwarded-proto', from.protocol.replace(/:$/, ''));
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  // `duplex` is required by Node's fetch for a streamed body; the DOM typings do not know it yet.
  const init: RequestInit & { duplex?: 'half' } = {
    method: request.method,
    headers,
    redirect: 'manual',
    ...(hasBody ? { body: request.body, duplex: 'half' } : {}),
  };
  const response = await fetch(target, init);
  // fetch has already decoded a compressed body; passing the header on would make the browser
  // decode it a second time.
  const out = new Headers(response.headers);
  out.delete('content-encoding');
  out.delete('content-length');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: out });
}

/** The answer when the API cannot be reached, in the API's own error format. */
export function apiUnavailable(detail: string): Response {
  return new Response(
    JSON.stringify({
      type: 'https://binh-dang.vn/problems/unavailable',
      title: 'Dịch vụ tạm thời không sẵn sàng',
      title_en: 'Service unavailable',
      status: 503,
      detail,
    }),
    { status: 503, headers: { 'content-type': 'application/problem+json; charset=utf-8' } },
  );
}
