// Activities a unit records against the plan duties they serve — communication, training,
// prevention models and clubs, inspections — and the operational indicators counted from them.
import { z } from 'zod';
import { formatShortVnDate, localDateSchema, type LocalDate } from './dates.ts';
import { inWindow, type ComputedSource, type ComputedValue, type DateWindow } from './computed-values.ts';
import type { ValidationIssue } from './data-value.ts';

export const activityKinds = ['communication', 'training', 'prevention_model', 'inspection'] as const;
export type ActivityKind = (typeof activityKinds)[number];

export const activityKindLabels: Record<ActivityKind, { vi: string; en: string }> = {
  communication: { vi: 'Truyền thông', en: 'Communication' },
  training: { vi: 'Tập huấn, bồi dưỡng', en: 'Training' },
  prevention_model: { vi: 'Mô hình, câu lạc bộ phòng, chống bạo lực gia đình', en: 'Prevention model or club' },
  inspection: { vi: 'Thanh tra, kiểm tra', en: 'Inspection' },
};

export const communicationForms = ['article', 'broadcast', 'event', 'other'] as const;
export type CommunicationForm = (typeof communicationForms)[number];
export const communicationFormLabels: Record<CommunicationForm, { vi: string; en: string }> = {
  article: { vi: 'Tin, bài đăng', en: 'Article' },
  broadcast: { vi: 'Phát thanh, truyền hình', en: 'Broadcast' },
  event: { vi: 'Hội nghị, sự kiện, nói chuyện chuyên đề', en: 'Event' },
  other: { vi: 'Hình thức khác (tờ rơi, pa-nô…)', en: 'Other' },
};

export const trainingTargetGroups = ['women_leaders', 'gender_officials', 'cadres', 'community_leaders', 'women', 'men', 'youth', 'other'] as const;
export type TrainingTargetGroup = (typeof trainingTargetGroups)[number];
export const trainingTargetGroupLabels: Record<TrainingTargetGroup, { vi: string; en: string }> = {
  women_leaders: { vi: 'Nữ cán bộ lãnh đạo, quản lý', en: 'Women leaders' },
  gender_officials: { vi: 'Cán bộ làm công tác bình đẳng giới', en: 'Officials in charge of gender equality' },
  cadres: { vi: 'Cán bộ, công chức', en: 'Officials' },
  community_leaders: { vi: 'Người có uy tín trong cộng đồng', en: 'Community leaders' },
  women: { vi: 'Phụ nữ', en: 'Women' },
  men: { vi: 'Nam giới', en: 'Men' },
  youth: { vi: 'Thanh, thiếu niên', en: 'Young people' },
  other: { vi: 'Đối tượng khác', en: 'Other' },
};

export const preventionModelKinds = ['model', 'club', 'trusted_address'] as const;
export type PreventionModelKind = (typeof preventionModelKinds)[number];
export const preventionModelKindLabels: Record<PreventionModelKind, { vi: string; en: string }> = {
  model: { vi: 'Mô hình', en: 'Model' },
  club: { vi: 'Câu lạc bộ', en: 'Club' },
  trusted_address: { vi: 'Địa chỉ tin cậy', en: 'Trusted address' },
};

const COUNT_MESSAGE = 'Phải là số nguyên không âm (Must be a non-negative whole number)';
const count = z.number({ message: COUNT_MESSAGE }).int({ message: COUNT_MESSAGE }).min(0, { message: COUNT_MESSAGE }).max(10_000_000);
const positive = z
  .number({ message: 'Phải là số nguyên dương (Must be a positive whole number)' })
  .int({ message: 'Phải là số nguyên dương (Must be a positive whole number)' })
  .min(1, { message: 'Phải là số nguyên dương (Must be a positive whole number)' })
  .max(100_000);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `Tối đa ${max.toLocaleString('vi-VN')} ký tự (At most ${max} characters)` })
    .nullable()
    .default(null);
const requiredText = (max: number) =>
  z
    .string({ message: 'Bắt buộc (Required)' })
    .trim()
    .min(1, { message: 'Bắt buộc (Required)' })
    .max(max, { message: `Tối đa ${max.toLocaleString('vi-VN')} ký tự (At most ${max} characters)` });

export const communicationDetailsSchema = z
  .object({
    form: z.enum(communicationForms, { message: 'Chọn hình thức truyền thông (Choose a form)' }),
    /** Articles published, or broadcasts aired; 1 for an event. */
    items: positive.default(1),
    airtimeMinutes: z.number().min(0).max(1_000_000).nullable().default(null),
    audienceFemale: count.nullable().default(null),
    audienceMale: count.nullable().default(null),
  })
  .strict();

export const trainingDetailsSchema = z
  .object({
    classes: positive.default(1),
    participantsFemale: count,
    participantsMale: count,
    targetGroups: z.array(z.enum(trainingTargetGroups)).min(1, { message: 'Chọn ít nhất một nhóm đối tượng (Choose at least one target group)' }).max(trainingTargetGroups.length),
  })
  .strict();

export const preventionModelDetailsSchema = z
  .object({
    modelKind: z.enum(preventionModelKinds, { message: 'Chọn loại mô hình (Choose a kind)' }),
    membersFemale: count.nullable().default(null),
    membersMale: count.nullable().default(null),
    /** The day it stopped working, if it did: until then it counts in every period. */
    endedOn: localDateSchema.nullable().default(null),
  })
  .strict();

export const inspectionDetailsSchema = z
  .object({
    inspectedUnit: requiredText(300),
    findings: optionalText(4000),
    violations: count,
    violationsHandled: count,
    sanctions: optionalText(2000),
  })
  .strict();

const base = {
  /** The day it took place (an inspection: its closing day; a model: the day it was set up). */
  date: localDateSchema,
  title: requiredText(300),
  /** The tracked plan duty it serves (duty_trackings.id), of the same unit. */
  dutyTrackingId: z.string().min(1).max(200).nullable().default(null),
  description: optionalText(4000),
  /** Part of the Action Month (15/11–15/12); left out, it follows the date. */
  actionMonth: z.boolean().optional(),
};

export const activityInputSchema = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('communication'), details: communicationDetailsSchema }).strict(),
  z.object({ ...base, kind: z.literal('training'), details: trainingDetailsSchema }).strict(),
  z.object({ ...base, kind: z.literal('prevention_model'), details: preventionModelDetailsSchema }).strict(),
  z.object({ ...base, kind: z.literal('inspection'), details: inspectionDetailsSchema }).strict(),
]);
export type ActivityInput = z.infer<typeof activityInputSchema>;
export type ActivityDetails = ActivityInput['details'];

/** An activity as stored and counted. */
export type ActivityRecord = ActivityInput & { id: string; actionMonth: boolean };

/** Action Month for gender equality and GBV prevention: 15/11–15/12 every year. */
export function isInActionMonth(date: LocalDate): boolean {
  const md = date.slice(5);
  return md >= '11-15' && md <= '12-15';
}

export const futureDateMessage = (today: LocalDate) =>
  `Ngày không được ở tương lai (hôm nay là ${formatShortVnDate(today)}) (The date must not be in the future)`;

/** Rules beyond the shape: dates not in the future, numbers that fit the form, handled ≤ found. */
export function activityIssues(input: ActivityInput, today: LocalDate): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (input.date > today) issues.push({ path: 'date', message: futureDateMessage(today) });
  if (input.actionMonth === true && !isInActionMonth(input.date))
    issues.push({
      path: 'actionMonth',
      message: 'Tháng hành động vì bình đẳng giới là từ 15/11 đến 15/12; ngày hoạt động nằm ngoài khoảng này (The Action Month runs 15/11–15/12)',
    });
  switch (input.kind) {
    case 'communication': {
      const d = input.details;
      if (d.form === 'broadcast' && !(d.airtimeMinutes !== null && d.airtimeMinutes > 0))
        issues.push({ path: 'details.airtimeMinutes', message: 'Phát thanh, truyền hình cần thời lượng (phút) lớn hơn 0 (A broadcast needs its airtime in minutes)' });
      if (d.form !== 'broadcast' && d.airtimeMinutes !== null && d.airtimeMinutes > 0)
        issues.push({ path: 'details.airtimeMinutes', message: 'Chỉ phát thanh, truyền hình mới có thời lượng (Only broadcasts have airtime)' });
      if ((d.audienceFemale === null) !== (d.audienceMale === null))
        issues.push({
          path: d.audienceFemale === null ? 'details.audienceFemale' : 'details.audienceMale',
          message: 'Nhập cả số nữ và số nam tham dự (Give both women and men in the audience)',
        });
      break;
    }
    case 'training':
      if (input.details.participantsFemale + input.details.participantsMale === 0)
        issues.push({ path: 'details.participantsFemale', message: 'Lớp tập huấn cần có người tham gia (A training needs participants)' });
      break;
    case 'prevention_model':
      if (input.details.endedOn !== null && input.details.endedOn < input.date)
        issues.push({ path: 'details.endedOn', message: 'Ngày ngừng hoạt động phải sau ngày thành lập (It cannot end before it started)' });
      if (input.details.endedOn !== null && input.details.endedOn > today)
        issues.push({ path: 'details.endedOn', message: futureDateMessage(today) });
      break;
    case 'inspection':
      if (input.details.violationsHandled > input.details.violations)
        issues.push({
          path: 'details.violationsHandled',
          message: `Số vi phạm được xử lý không thể lớn hơn số vi phạm phát hiện (${input.details.violations}) (Handled cannot exceed found)`,
        });
      break;
  }
  return issues;
}

function source(a: ActivityRecord): ComputedSource {
  return { kind: 'activity', id: a.id, title: a.title, date: a.date };
}

/**
 * The operational indicators counted from a unit's activities within a closing window:
 * - OP-ARTICLES: articles published (Σ items of 'article' communication)
 * - OP-AIRTIME-MINUTES: Σ airtime of broadcasts
 * - OP-TRAINING-CLASSES: Σ classes of trainings
 * - OP-TRAINING-PARTICIPANTS (by sex): training participants plus event audiences ("lượt người
 *   tham gia tập huấn, truyền thông")
 * - OP-DV-PREVENTION-MODELS: models, clubs and trusted addresses working at some time in the
 *   window (set up by its end, not ended before its start) — a stock, not new ones only
 * - OP-INSPECTIONS: inspections closed in the window; OP-VIOLATIONS-HANDLED: Σ violations handled
 * An indicator with no record of its kind in the window gets no value (not 0).
 */
export function activityIndicatorValues(records: readonly ActivityRecord[], window: DateWindow): ComputedValue[] {
  const out: ComputedValue[] = [];
  const within = records.filter((r) => inWindow(r.date, window));
  const push = (indicator: string, items: readonly ActivityRecord[], value: (r: ActivityRecord) => number) => {
    if (items.length === 0) return;
    out.push({ indicator, category: 'total', value: items.reduce((s, r) => s + value(r), 0), sources: items.map(source) });
  };
  const comm = within.filter((r): r is Extract<ActivityRecord, { kind: 'communication' }> => r.kind === 'communication');
  push('OP-ARTICLES', comm.filter((r) => r.details.form === 'article'), (r) => (r.kind === 'communication' ? r.details.items : 0));
  push('OP-AIRTIME-MINUTES', comm.filter((r) => r.details.form === 'broadcast'), (r) => (r.kind === 'communication' ? (r.details.airtimeMinutes ?? 0) : 0));
  const trainings = within.filter((r): r is Extract<ActivityRecord, { kind: 'training' }> => r.kind === 'training');
  push('OP-TRAINING-CLASSES', trainings, (r) => (r.kind === 'training' ? r.details.classes : 0));

  const attended = [
    ...trainings.map((r) => ({ r, female: r.details.participantsFemale, male: r.details.participantsMale })),
    ...comm.filter((r) => r.details.audienceFemale !== null && r.details.audienceMale !== null).map((r) => ({ r, female: r.details.audienceFemale!, male: r.details.audienceMale! })),
  ];
  if (attended.length) {
    const sources = attended.map((a) => source(a.r));
    const female = attended.reduce((s, a) => s + a.female, 0);
    const male = attended.reduce((s, a) => s + a.male, 0);
    out.push(
      { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'total', value: female + male, sources },
      { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'female', value: female, sources },
      { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'male', value: male, sources },
    );
  }

  const models = records.filter(
    (r) => r.kind === 'prevention_model' && r.date <= window.to && (r.details.endedOn === null || r.details.endedOn >= window.from),
  );
  push('OP-DV-PREVENTION-MODELS', models, () => 1);
  const inspections = within.filter((r) => r.kind === 'inspection');
  push('OP-INSPECTIONS', inspections, () => 1);
  push('OP-VIOLATIONS-HANDLED', inspections, (r) => (r.kind === 'inspection' ? r.details.violationsHandled : 0));
  return out;
}
