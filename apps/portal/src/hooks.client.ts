// The browser side of the portal's Content-Security-Policy (svelte.config.js, kit.csp): script-src
// has no 'unsafe-eval'. Zod (the shared schemas of @binh-dang/domain) would otherwise probe for
// eval with `new Function('')` on its first object check, which the policy refuses and reports as
// a violation on every staff page; jitless validation needs no eval and gives the same answers.
import { z } from 'zod';

z.config({ jitless: true });
