// /cong-khai itself: the public site starts on the home page, which lists the provinces.
import { redirect } from '@sveltejs/kit';
import { homeHref } from '$lib/public/links';
import { langOf } from '$lib/public/i18n';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
  redirect(307, homeHref(langOf(url)));
};
