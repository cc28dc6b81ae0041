// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Me, MeMembership } from '$lib/server/api';

declare global {
  namespace App {
    interface Locals {
      /** The signed-in user (GET /api/v1/me), or null; set by hooks.server.ts on every page request. */
      me: Me | null;
      /** The membership the user works in: the `bd_unit` cookie's, else the first in force. */
      membership: MeMembership | null;
      /** A session cookie was sent but the API could not be asked about it (unreachable). */
      sessionUnverified: boolean;
      /**
       * Set by the plan editor's save when the session ran out: drafts are not public, so the page
       * shown again with what was typed takes the plan's summary from the form, not the API.
       */
      expiredEdit?: { id: string; year: number; issuingUnitName: string; typeCode: string; issuerCode: string };
    }

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
