// One case. The API answers what the caller may see — identifying fields (name, contact, address,
// narrative, notes) only for the case workers of the case's own commune — and audits the read.
// Those case workers also record its events here: handling steps, support, consent (before any
// referral), follow-up and closure, one form per kind; refused input comes back as typed.
import { fail } from '@sveltejs/kit';
import { todayInVietnam } from '@binh-dang/domain';
import { requireMe } from '$lib/server/guard';
import { createCaseApi } from '$lib/case-api.server';
import { EVENT_FIELDS, readEventForm } from '$lib/case-form';
import { caseLabel, eventLine, type EventLike } from '$lib/case-format';
import { apiFieldErrors } from '$lib/record-form';
import { formatVnDate } from '$lib/report-format';
import { formatVnDateTime } from '$lib/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireMe(event);
  const detail = await createCaseApi(event).get(event.params.id);
  const c = detail.case;
  const notes = new Map((detail.identifying?.notes ?? []).map((n) => [n.eventId, n.note]));
  return {
    access: detail.access,
    justRecorded: event.url.searchParams.has('da-tiep-nhan') && detail.access === 'identifying',
    today: todayInVietnam(),
    case: {
      id: c.id,
      version: c.version,
      open: c.status === 'open',
      unitName: c.orgUnitName,
      intakeDate: formatVnDate(c.intakeDate),
      type: caseLabel.type(c.type),
      contexts: c.contexts.map(caseLabel.context).join('; '),
      victim: `${caseLabel.sex(c.victimSex)}, ${caseLabel.age(c.victimAgeGroup)}`,
      relationship: caseLabel.relationship(c.relationship),
      status: caseLabel.status(c.status),
      closedOn: c.closedOn ? formatVnDate(c.closedOn) : null,
      consentCount: c.consentCount,
      nextFollowUp: c.nextFollowUp ? formatVnDate(c.nextFollowUp) : null,
    },
    // Present only when the API sent it (the case workers of the commune).
    identifying: detail.identifying
      ? {
          victimName: detail.identifying.victimName,
          contact: detail.identifying.contact,
          address: detail.identifying.address,
          perpetratorName: detail.identifying.perpetratorName,
          narrative: detail.identifying.narrative,
        }
      : null,
    events: detail.events.map((e) => ({
      id: e.id,
      date: formatVnDate(e.date),
      kind: caseLabel.kind(e.kind),
      line: eventLine(e as EventLike),
      by: e.createdBy,
      at: formatVnDateTime(e.createdAt),
      note: notes.get(e.id) ?? null,
      hasNote: e.hasNote,
    })),
  };
};

export const actions: Actions = {
  ghi: async (event) => {
    requireMe(event);
    const data = await event.request.formData();
    const version = Number(data.get('version'));
    const parsed = readEventForm(data, null, todayInVietnam());
    const refused = (status: number, errors: Record<string, string[]>, other: string[] = []) =>
      fail(status, { event: { kind: parsed.kind, typed: parsed.typed, errors, other } });
    if (!parsed.input) return refused(400, parsed.errors);
    if (!Number.isInteger(version) || version < 1) return refused(400, {}, ['Biểu mẫu thiếu phiên bản của hồ sơ. Vui lòng tải lại trang.']);
    const answer = await createCaseApi(event).addEvent(event.params.id, version, parsed.input);
    if (!answer.ok) {
      if (answer.problem.status === 409)
        return refused(409, {}, ['Hồ sơ vừa được cập nhật ở nơi khác (hoặc đã đóng). Trang đã hiện bản mới nhất; những gì bạn nhập vẫn còn, hãy kiểm tra rồi ghi lại.']);
      const { fields, other } = apiFieldErrors(answer.problem.errors, 'body.event.', (f) => (EVENT_FIELDS as readonly string[]).includes(f));
      const detail = answer.problem.message;
      return refused(answer.problem.status, fields, other.length ? other : Object.keys(fields).length ? [] : [detail]);
    }
    return { recorded: { kind: parsed.kind } };
  },
};
