// The activity form of /hoat-dong: one form per kind (communication, training, prevention model,
// inspection), field names as the API's paths ("details.items"), read into the domain's input and
// checked by the domain's own rules before the API is asked.
import {
  activityInputSchema,
  activityIssues,
  activityKinds,
  type ActivityInput,
  type ActivityKind,
  type LocalDate,
} from '@binh-dang/domain';
import { addError, issuesByPath, listOf, numberField, textOf, typedOf, type FieldErrorMap, type Parsed, type Typed } from './record-form';

export const ACTIVITY_MULTI_FIELDS = ['details.targetGroups'] as const;

/** The fields each kind's form has, besides the common ones. */
export const activityDetailFields: Record<ActivityKind, readonly string[]> = {
  communication: ['details.form', 'details.items', 'details.airtimeMinutes', 'details.audienceFemale', 'details.audienceMale'],
  training: ['details.classes', 'details.participantsFemale', 'details.participantsMale', 'details.targetGroups'],
  prevention_model: ['details.modelKind', 'details.membersFemale', 'details.membersMale', 'details.endedOn'],
  inspection: ['details.inspectedUnit', 'details.findings', 'details.violations', 'details.violationsHandled', 'details.sanctions'],
};

export const activityCommonFields = ['kind', 'title', 'date', 'dutyTrackingId', 'description', 'actionMonth'] as const;

export function isActivityKind(value: unknown): value is ActivityKind {
  return typeof value === 'string' && (activityKinds as readonly string[]).includes(value);
}

export function isActivityField(kind: ActivityKind, field: string): boolean {
  return (activityCommonFields as readonly string[]).includes(field) || activityDetailFields[kind].includes(field);
}

/** Reads the posted activity form, and checks it as the API will (today in Việt Nam). */
export function readActivityForm(data: FormData, today: LocalDate): Parsed<ActivityInput> & { kind: ActivityKind } {
  const typed: Typed = typedOf(data, ACTIVITY_MULTI_FIELDS);
  const errors: FieldErrorMap = {};
  const rawKind = textOf(typed, 'kind');
  const kind: ActivityKind = isActivityKind(rawKind) ? rawKind : 'communication';
  const n = (name: string, whole = true) => numberField(typed, name, errors, { whole });
  const required = (name: string) => {
    const v = n(name);
    if (v === null) addError(errors, name, 'Bắt buộc: nhập một số (0 nếu không có).');
    return v ?? undefined;
  };
  let details: Record<string, unknown>;
  switch (kind) {
    case 'communication':
      details = {
        form: textOf(typed, 'details.form') || undefined,
        items: n('details.items') ?? 1,
        airtimeMinutes: n('details.airtimeMinutes', false),
        audienceFemale: n('details.audienceFemale'),
        audienceMale: n('details.audienceMale'),
      };
      break;
    case 'training':
      details = {
        classes: n('details.classes') ?? 1,
        participantsFemale: required('details.participantsFemale'),
        participantsMale: required('details.participantsMale'),
        targetGroups: listOf(typed, 'details.targetGroups'),
      };
      break;
    case 'prevention_model':
      details = {
        modelKind: textOf(typed, 'details.modelKind') || undefined,
        membersFemale: n('details.membersFemale'),
        membersMale: n('details.membersMale'),
        endedOn: textOf(typed, 'details.endedOn') || null,
      };
      break;
    case 'inspection':
      details = {
        inspectedUnit: textOf(typed, 'details.inspectedUnit'),
        findings: textOf(typed, 'details.findings') || null,
        violations: required('details.violations'),
        violationsHandled: required('details.violationsHandled'),
        sanctions: textOf(typed, 'details.sanctions') || null,
      };
      break;
  }
  const raw = {
    kind,
    title: textOf(typed, 'title'),
    date: textOf(typed, 'date'),
    dutyTrackingId: textOf(typed, 'dutyTrackingId') || null,
    description: textOf(typed, 'description') || null,
    ...(typed.actionMonth === 'on' ? { actionMonth: true } : {}),
    details,
  };
  const parsed = activityInputSchema.safeParse(raw);
  if (!parsed.success) {
    // A number already refused as "not a number" says only that.
    const fresh: FieldErrorMap = {};
    issuesByPath(parsed.error.issues, fresh);
    for (const [field, list] of Object.entries(fresh)) if (!errors[field]) for (const m of list) addError(errors, field, m);
    return { input: null, errors, typed, kind };
  }
  for (const issue of activityIssues(parsed.data, today)) addError(errors, issue.path, issue.message);
  return { input: Object.keys(errors).length ? null : parsed.data, errors, typed, kind };
}
