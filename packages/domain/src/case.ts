// The confidential case register (gender-based and domestic violence) of a commune: intake with
// the GBVIMS six core types and the context recorded separately, handling steps, support, consent
// before any referral, follow-up and closure; who may see identifying fields; and the GBV
// indicators counted from it (Nghị quyết 28/NQ-CP objective 3: victims reaching ≥ 1 support service).
import { z } from 'zod';
import { formatShortVnDate, localDateSchema, type LocalDate } from './dates.ts';
import { inWindow, type ComputedValue, type DateWindow } from './computed-values.ts';
import type { ValidationIssue } from './data-value.ts';
import { decide, type Grant, type Role } from './permission.ts';

type Labels<K extends string> = Record<K, { vi: string; en: string }>;

/** GBVIMS core incident types (the six, in GBVIMS order). */
export const caseTypes = ['rape', 'sexual_assault', 'physical_assault', 'forced_marriage', 'denial_of_resources', 'psychological_abuse'] as const;
export type CaseType = (typeof caseTypes)[number];
export const caseTypeLabels: Labels<CaseType> = {
  rape: { vi: 'Hiếp dâm', en: 'Rape' },
  sexual_assault: { vi: 'Tấn công tình dục (không phải hiếp dâm)', en: 'Sexual assault' },
  physical_assault: { vi: 'Bạo lực thể chất', en: 'Physical assault' },
  forced_marriage: { vi: 'Cưỡng ép kết hôn', en: 'Forced marriage' },
  denial_of_resources: { vi: 'Từ chối nguồn lực, cơ hội, dịch vụ (bạo lực kinh tế)', en: 'Denial of resources, opportunities or services' },
  psychological_abuse: { vi: 'Bạo lực tinh thần, tâm lý', en: 'Psychological or emotional abuse' },
};

/** The context is recorded separately from the type (GBVIMS); a case may have several. */
export const caseContexts = [
  'intimate_partner',
  'other_family',
  'child_sexual_abuse',
  'early_marriage',
  'trafficking',
  'sexual_exploitation',
  'harmful_practice',
  'community',
] as const;
export type CaseContext = (typeof caseContexts)[number];
export const caseContextLabels: Labels<CaseContext> = {
  intimate_partner: { vi: 'Bạo lực giữa vợ chồng, bạn tình', en: 'Intimate partner violence' },
  other_family: { vi: 'Bạo lực gia đình khác (cha mẹ, con, người thân)', en: 'Other domestic violence' },
  child_sexual_abuse: { vi: 'Xâm hại tình dục trẻ em', en: 'Child sexual abuse' },
  early_marriage: { vi: 'Tảo hôn', en: 'Early (child) marriage' },
  trafficking: { vi: 'Mua bán người', en: 'Trafficking' },
  sexual_exploitation: { vi: 'Bóc lột tình dục', en: 'Sexual exploitation' },
  harmful_practice: { vi: 'Hủ tục có hại', en: 'Harmful traditional practice' },
  community: { vi: 'Ngoài gia đình (cộng đồng, nơi làm việc)', en: 'Outside the family' },
};

/** GBVIMS age groups of the victim at intake. */
export const ageGroups = ['under_12', '12_17', '18_25', '26_40', '41_60', '61_plus'] as const;
export type AgeGroup = (typeof ageGroups)[number];
export const ageGroupLabels: Labels<AgeGroup> = {
  under_12: { vi: 'Dưới 12 tuổi', en: 'Under 12' },
  '12_17': { vi: '12–17 tuổi', en: '12–17' },
  '18_25': { vi: '18–25 tuổi', en: '18–25' },
  '26_40': { vi: '26–40 tuổi', en: '26–40' },
  '41_60': { vi: '41–60 tuổi', en: '41–60' },
  '61_plus': { vi: 'Từ 61 tuổi', en: '61 and over' },
};
const CHILD_AGE_GROUPS: readonly AgeGroup[] = ['under_12', '12_17'];

/** Female and male only: the GBV indicators are reported as total = female + male. */
export const victimSexes = ['female', 'male'] as const;
export type VictimSex = (typeof victimSexes)[number];
export const victimSexLabels: Labels<VictimSex> = { female: { vi: 'Nữ', en: 'Female' }, male: { vi: 'Nam', en: 'Male' } };

export const perpetratorRelationships = [
  'spouse',
  'former_spouse',
  'partner',
  'parent',
  'child',
  'other_family',
  'caregiver',
  'acquaintance',
  'employer',
  'stranger',
  'unknown',
] as const;
export type PerpetratorRelationship = (typeof perpetratorRelationships)[number];
export const relationshipLabels: Labels<PerpetratorRelationship> = {
  spouse: { vi: 'Vợ hoặc chồng', en: 'Spouse' },
  former_spouse: { vi: 'Vợ hoặc chồng cũ', en: 'Former spouse' },
  partner: { vi: 'Bạn tình, người yêu', en: 'Partner' },
  parent: { vi: 'Cha, mẹ (kể cả cha mẹ kế)', en: 'Parent' },
  child: { vi: 'Con', en: 'Child' },
  other_family: { vi: 'Thành viên gia đình khác', en: 'Other family member' },
  caregiver: { vi: 'Người chăm sóc, giám hộ', en: 'Caregiver or guardian' },
  acquaintance: { vi: 'Người quen, hàng xóm', en: 'Acquaintance or neighbour' },
  employer: { vi: 'Chủ sử dụng lao động, đồng nghiệp', en: 'Employer or co-worker' },
  stranger: { vi: 'Người lạ', en: 'Stranger' },
  unknown: { vi: 'Không rõ', en: 'Unknown' },
};
const PARTNER_RELATIONSHIPS: readonly PerpetratorRelationship[] = ['spouse', 'former_spouse', 'partner'];

/** Basic support services (NQ 28 objective 3 counts a victim who reached at least one). */
export const supportServices = ['health', 'legal', 'counselling', 'shelter', 'trusted_address'] as const;
export type SupportService = (typeof supportServices)[number];
/** Where a case can be referred: a support service, or the police. */
export const referralTargets = [...supportServices, 'police'] as const;
export type ReferralTarget = (typeof referralTargets)[number];
export const serviceLabels: Labels<ReferralTarget> = {
  health: { vi: 'Y tế', en: 'Health' },
  legal: { vi: 'Pháp lý, trợ giúp pháp lý', en: 'Legal' },
  counselling: { vi: 'Tư vấn, tâm lý', en: 'Counselling' },
  shelter: { vi: 'Nơi tạm lánh', en: 'Shelter' },
  trusted_address: { vi: 'Địa chỉ tin cậy', en: 'Trusted address' },
  police: { vi: 'Công an', en: 'Police' },
};

export const caseSteps = ['verified', 'intervened', 'referred', 'legal_action'] as const;
export type CaseStep = (typeof caseSteps)[number];
export const caseStepLabels: Labels<CaseStep> = {
  verified: { vi: 'Đã xác minh', en: 'Verified' },
  intervened: { vi: 'Đã can thiệp', en: 'Intervened' },
  referred: { vi: 'Đã chuyển tuyến', en: 'Referred' },
  legal_action: { vi: 'Xử lý theo pháp luật', en: 'Legal action' },
};

export const closureReasons = ['resolved', 'victim_request', 'moved_away', 'referred_out', 'other'] as const;
export type ClosureReason = (typeof closureReasons)[number];
export const closureReasonLabels: Labels<ClosureReason> = {
  resolved: { vi: 'Đã giải quyết, nạn nhân an toàn', en: 'Resolved' },
  victim_request: { vi: 'Theo đề nghị của nạn nhân', en: 'At the victim’s request' },
  moved_away: { vi: 'Nạn nhân chuyển đi nơi khác', en: 'Victim moved away' },
  referred_out: { vi: 'Đã chuyển hẳn cho cơ quan khác', en: 'Handed over to another body' },
  other: { vi: 'Lý do khác', en: 'Other' },
};

export const caseStatuses = ['open', 'closed'] as const;
export type CaseStatus = (typeof caseStatuses)[number];
export const caseStatusLabels: Labels<CaseStatus> = {
  open: { vi: 'Đang xử lý', en: 'Open' },
  closed: { vi: 'Đã đóng', en: 'Closed' },
};

export const caseEventKinds = ['step', 'support', 'consent', 'follow_up', 'closure'] as const;
export type CaseEventKind = (typeof caseEventKinds)[number];
export const caseEventKindLabels: Labels<CaseEventKind> = {
  step: { vi: 'Bước xử lý', en: 'Handling step' },
  support: { vi: 'Hỗ trợ', en: 'Support' },
  consent: { vi: 'Đồng ý của nạn nhân', en: 'Consent' },
  follow_up: { vi: 'Theo dõi', en: 'Follow-up' },
  closure: { vi: 'Đóng hồ sơ', en: 'Closure' },
};

// ---------------------------------------------------------------------------------------------
// Schemas. Identifying fields live apart (`identifying`, event `note`): they are encrypted at
// rest and only the policy's roles ever receive them.

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `Tối đa ${max.toLocaleString('vi-VN')} ký tự (At most ${max} characters)` })
    .nullable()
    .default(null);

export const caseIdentifyingSchema = z
  .object({
    victimName: optionalText(200),
    contact: optionalText(200),
    address: optionalText(500),
    perpetratorName: optionalText(200),
    /** Free-text account of what happened. */
    narrative: optionalText(8000),
  })
  .strict();
export type CaseIdentifying = z.infer<typeof caseIdentifyingSchema>;
/** The names of the identifying fields: what never leaves the policy's roles. */
export const caseIdentifyingFields = ['victimName', 'contact', 'address', 'perpetratorName', 'narrative'] as const;

export const caseIntakeSchema = z
  .object({
    intakeDate: localDateSchema,
    type: z.enum(caseTypes, { message: 'Chọn loại bạo lực (Choose the type)' }),
    contexts: z
      .array(z.enum(caseContexts))
      .min(1, { message: 'Chọn ít nhất một bối cảnh (Choose at least one context)' })
      .max(caseContexts.length)
      .refine((xs) => new Set(xs).size === xs.length, { message: 'Bối cảnh bị trùng (Duplicate context)' }),
    victimSex: z.enum(victimSexes, { message: 'Chọn giới tính của nạn nhân (Choose the victim’s sex)' }),
    victimAgeGroup: z.enum(ageGroups, { message: 'Chọn nhóm tuổi (Choose an age group)' }),
    relationship: z.enum(perpetratorRelationships, { message: 'Chọn quan hệ với người gây bạo lực (Choose the relationship)' }),
    identifying: caseIdentifyingSchema,
  })
  .strict();
export type CaseIntake = z.infer<typeof caseIntakeSchema>;
export type CaseFacts = Omit<CaseIntake, 'identifying'>;

const note = optionalText(4000);

export const caseEventInputSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('step'),
      date: localDateSchema,
      step: z.enum(caseSteps, { message: 'Chọn bước xử lý (Choose a step)' }),
      /** Required for a referral: where to. */
      referredTo: z.enum(referralTargets).nullable().default(null),
      note,
    })
    .strict(),
  z.object({ kind: z.literal('support'), date: localDateSchema, service: z.enum(supportServices, { message: 'Chọn dịch vụ hỗ trợ (Choose a service)' }), note }).strict(),
  z
    .object({
      kind: z.literal('consent'),
      date: localDateSchema,
      givenBy: z.enum(['victim', 'guardian'], { message: 'Ai đồng ý? (Who consented?)' }),
      /** What the consent covers: only these may be referred to. */
      services: z.array(z.enum(referralTargets)).min(1, { message: 'Chọn ít nhất một nơi được chuyển tới (Choose what the consent covers)' }).max(referralTargets.length),
      note,
    })
    .strict(),
  z.object({ kind: z.literal('follow_up'), date: localDateSchema, nextOn: localDateSchema.nullable().default(null), note }).strict(),
  z.object({ kind: z.literal('closure'), date: localDateSchema, reason: z.enum(closureReasons, { message: 'Chọn lý do đóng hồ sơ (Choose a reason)' }), note }).strict(),
]);
export type CaseEventInput = z.infer<typeof caseEventInputSchema>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event without its note (the note is identifying and kept encrypted). */
export type CaseEventWithoutNote = DistributiveOmit<CaseEventInput, 'note'>;
/** An event as stored, without its note. */
export type CaseEventFacts = CaseEventWithoutNote & { id: string };

// ---------------------------------------------------------------------------------------------
// Rules

/**
 * Ages that contradict the type or context — an explicit, short list (README "Activities, budget
 * and the case register"):
 * 1. early marriage (tảo hôn) is recorded with the type forced marriage;
 * 2. early marriage: a female victim under 18, a male victim under 26 (the legal marriage age is
 *    18 for women and 20 for men; 18–25 is the finest group that holds 18 and 19);
 * 3. child sexual abuse: a victim under 18;
 * 4. child sexual abuse is recorded with the type rape or sexual assault;
 * 5. intimate-partner violence, or a perpetrator who is a spouse, former spouse or partner:
 *    not a child under 12.
 */
export function caseFactIssues(facts: CaseFacts): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const child = CHILD_AGE_GROUPS.includes(facts.victimAgeGroup);
  if (facts.contexts.includes('early_marriage')) {
    if (facts.type !== 'forced_marriage')
      issues.push({ path: 'type', message: 'Tảo hôn được ghi với loại "Cưỡng ép kết hôn" (Early marriage is recorded as forced marriage)' });
    const young = facts.victimSex === 'female' ? child : child || facts.victimAgeGroup === '18_25';
    if (!young)
      issues.push({
        path: 'victimAgeGroup',
        message:
          facts.victimSex === 'female'
            ? 'Tảo hôn: nạn nhân nữ phải dưới 18 tuổi (Early marriage: a female victim is under 18)'
            : 'Tảo hôn: nạn nhân nam phải dưới 20 tuổi (nhóm tuổi đến 18–25) (Early marriage: a male victim is under 20)',
      });
  }
  if (facts.contexts.includes('child_sexual_abuse')) {
    if (!child) issues.push({ path: 'victimAgeGroup', message: 'Xâm hại tình dục trẻ em: nạn nhân phải dưới 18 tuổi (Child sexual abuse: the victim is under 18)' });
    if (facts.type !== 'rape' && facts.type !== 'sexual_assault')
      issues.push({ path: 'type', message: 'Xâm hại tình dục trẻ em được ghi với loại "Hiếp dâm" hoặc "Tấn công tình dục" (Child sexual abuse is rape or sexual assault)' });
  }
  if ((facts.contexts.includes('intimate_partner') || PARTNER_RELATIONSHIPS.includes(facts.relationship)) && facts.victimAgeGroup === 'under_12')
    issues.push({
      path: 'victimAgeGroup',
      message: 'Bạo lực giữa vợ chồng, bạn tình không thể có nạn nhân dưới 12 tuổi; kiểm tra nhóm tuổi hoặc bối cảnh (Intimate-partner violence cannot have a victim under 12)',
    });
  return issues;
}

const futureMessage = (today: LocalDate) => `Ngày không được ở tương lai (hôm nay là ${formatShortVnDate(today)}) (The date must not be in the future)`;

/** Intake checks: the date is not in the future, and the age fits the type and context. */
export function caseIntakeIssues(facts: CaseFacts, today: LocalDate): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (facts.intakeDate > today) issues.push({ path: 'intakeDate', message: futureMessage(today) });
  return [...issues, ...caseFactIssues(facts)];
}

export interface CaseState {
  status: CaseStatus;
  intakeDate: LocalDate;
  events: readonly CaseEventFacts[];
}

/**
 * Checks of a new event against the case: not in the future, not before intake; a referral needs
 * the victim's (or guardian's) consent recorded on or before its date and covering where it goes;
 * a closed case takes nothing more; closing comes after every other event.
 */
export function caseEventIssues(state: CaseState, event: CaseEventWithoutNote, today: LocalDate): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (state.status === 'closed') issues.push({ path: 'kind', message: 'Hồ sơ đã đóng, không ghi thêm được (The case is closed)' });
  if (event.date > today) issues.push({ path: 'date', message: futureMessage(today) });
  else if (event.date < state.intakeDate)
    issues.push({ path: 'date', message: `Ngày không được trước ngày tiếp nhận ${formatShortVnDate(state.intakeDate)} (Before the intake date)` });
  if (event.kind === 'step') {
    if (event.step === 'referred') {
      if (event.referredTo === null) issues.push({ path: 'referredTo', message: 'Chuyển tuyến cần ghi nơi chuyển tới (Say where the case is referred)' });
      else {
        const covering = state.events.some((e) => e.kind === 'consent' && e.date <= event.date && e.services.includes(event.referredTo!));
        if (!covering)
          issues.push({
            path: 'referredTo',
            message: `Chưa có sự đồng ý của nạn nhân (hoặc người giám hộ) cho việc chuyển tới "${serviceLabels[event.referredTo].vi}" ghi trước ngày chuyển; hãy ghi sự đồng ý trước (Record the victim's consent covering this referral first)`,
          });
      }
    } else if (event.referredTo !== null)
      issues.push({ path: 'referredTo', message: 'Chỉ bước chuyển tuyến mới có nơi chuyển tới (Only a referral has a destination)' });
  }
  if (event.kind === 'follow_up' && event.nextOn !== null && event.nextOn < event.date)
    issues.push({ path: 'nextOn', message: 'Lần theo dõi tiếp theo phải sau lần này (The next follow-up comes after this one)' });
  if (event.kind === 'closure') {
    const last = state.events.reduce<LocalDate | null>((m, e) => (m === null || e.date > m ? e.date : m), null);
    if (last !== null && event.date < last)
      issues.push({ path: 'date', message: `Ngày đóng hồ sơ phải từ ${formatShortVnDate(last)} (ngày của bước gần nhất) (Close on or after the last event)` });
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------
// Who sees what

/**
 * Who may read identifying fields (names, contacts, addresses, narratives) and write a case: the
 * roles listed here, held at exactly the case's unit — not at an ancestor (a district case worker
 * does not read a commune's names). Everyone else who holds `cases.read` sees only
 * non-identifying fields; province administrators and coordinators included. To widen it, add an
 * entry (e.g. a district case worker supervising its communes) — in one place, reviewed.
 */
export const CASE_IDENTIFYING_POLICY: readonly { role: Role; reach: 'same-unit' }[] = [{ role: 'case_worker', reach: 'same-unit' }];

export type CaseAccess = 'identifying' | 'non-identifying' | 'none';

export function caseAccess(grants: readonly Grant[] | null, unitPath: string): CaseAccess {
  if (grants === null) return 'none';
  if (grants.some((g) => CASE_IDENTIFYING_POLICY.some((p) => p.role === g.role && p.reach === 'same-unit' && g.path === unitPath))) return 'identifying';
  return decide('cases.read', grants, unitPath) === 'allow' ? 'non-identifying' : 'none';
}

// ---------------------------------------------------------------------------------------------
// Counting

/** What the count needs of a case: no identifying field, no type or age. */
export interface CaseCountRow {
  id: string;
  intakeDate: LocalDate;
  victimSex: VictimSex;
  contexts: readonly CaseContext[];
  /** The earliest support service recorded, or null. */
  firstSupportDate: LocalDate | null;
}

/**
 * GBV indicators of a unit for a closing window, from its register:
 * - OP-GBV-CASES-DETECTED: cases taken in within the window;
 * - OP-GBV-VICTIMS-DETECTED (by sex): their victims (one per case);
 * - OP-GBV-VICTIMS-SUPPORTED (by sex): those of them who reached at least one basic support
 *   service by the end of the window — so supported ≤ detected and NQ28-3.2 stays a share;
 * - OP-TRAFFICKING-CASES: those with the trafficking context, only when there is one (a commune's
 *   register is not where every trafficking case is recorded, so its absence is not a 0).
 * No case in the window: no value at all. Sources carry only id and intake date.
 */
export function caseIndicatorValues(rows: readonly CaseCountRow[], window: DateWindow): ComputedValue[] {
  const detected = rows.filter((r) => inWindow(r.intakeDate, window));
  if (detected.length === 0) return [];
  const src = (r: CaseCountRow) => ({ kind: 'case' as const, id: r.id, title: 'Hồ sơ vụ việc (Case record)', date: r.intakeDate });
  const bySex = (indicator: string, items: readonly CaseCountRow[]): ComputedValue[] => {
    const sources = items.map(src);
    const female = items.filter((r) => r.victimSex === 'female').length;
    return [
      { indicator, category: 'total', value: items.length, sources },
      { indicator, category: 'female', value: female, sources },
      { indicator, category: 'male', value: items.length - female, sources },
    ];
  };
  const supported = detected.filter((r) => r.firstSupportDate !== null && r.firstSupportDate <= window.to);
  const out: ComputedValue[] = [
    { indicator: 'OP-GBV-CASES-DETECTED', category: 'total', value: detected.length, sources: detected.map(src) },
    ...bySex('OP-GBV-VICTIMS-DETECTED', detected),
    ...bySex('OP-GBV-VICTIMS-SUPPORTED', supported),
  ];
  const trafficking = detected.filter((r) => r.contexts.includes('trafficking'));
  if (trafficking.length) out.push({ indicator: 'OP-TRAFFICKING-CASES', category: 'total', value: trafficking.length, sources: trafficking.map(src) });
  return out;
}
