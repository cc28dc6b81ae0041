// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    interface Platform {
      /** Bindings and vars of the portal Worker (wrangler.jsonc); absent under adapter-node. */
      env?: {
        /** Service binding to the API Worker (binh-dang-api). */
        API?: ServiceBinding;
        /** Explicit API origin; wins over the binding (previews must not reach production). */
        API_ORIGIN?: string;
      };
    }
  }

  /** The part of a Cloudflare service binding (Fetcher) the portal uses. */
  interface ServiceBinding {
    fetch(request: Request): Promise<Response>;
  }
}

export {};
