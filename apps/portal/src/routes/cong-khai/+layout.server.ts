// The public site: server-rendered HTML that works without JavaScript, and ships none (csr off:
// no hydration, no client router). Links and GET forms are all a reader needs.
import { langOf } from '$lib/public/i18n';
import type { LayoutServerLoad } from './$types';

export const csr = false;

export const load: LayoutServerLoad = ({ url }) => ({ lang: langOf(url) });
