// The case register's forms (/vu-viec): intake and the events (step, support, consent, follow-up,
// closure). Field names are the API's paths ("identifying.victimName", "services"), so that the
// API's errors land beside the same fields; the domain's rules run first.
import {
  caseEventInputSchema,
  caseEventIssues,
  caseEventKinds,
  caseIntakeIssues,
  caseIntakeSchema,
  type CaseEventFacts,
  type CaseEventInput,
  type CaseEventKind,
  type CaseIntake,
  type CaseStatus,
  type LocalDate,
} from '@binh-dang/domain';
import { addError, issuesByPath, listOf, textOf, typedOf, type FieldErrorMap, type Parsed } from './record-form';

export const INTAKE_FIELDS = [
  'intakeDate',
  'type',
  'contexts',
  'victimSex',
  'victimAgeGroup',
  'relationship',
  'identifying.victimName',
  'identifying.contact',
  'identifying.address',
  'identifying.perpetratorName',
  'identifying.narrative',
] as const;

export const EVENT_FIELDS = ['kind', 'date', 'step', 'referredTo', 'service', 'givenBy', 'services', 'nextOn', 'reason', 'note'] as const;

const orNull = (s: string) => (s === '' ? null : s);

function merge(errors: FieldErrorMap, issues: readonly { path: string; message: string }[]) {
  for (const i of issues) addError(errors, i.path, i.message);
}

/** Reads the intake form and checks it as the API will (future dates, ages against type and context). */
export function readIntakeForm(data: FormData, today: LocalDate): Parsed<CaseIntake> {
  const typed = typedOf(data, ['contexts']);
  const errors: FieldErrorMap = {};
  const raw = {
    intakeDate: textOf(typed, 'intakeDate'),
    type: textOf(typed, 'type') || undefined,
    contexts: listOf(typed, 'contexts'),
    victimSex: textOf(typed, 'victimSex') || undefined,
    victimAgeGroup: textOf(typed, 'victimAgeGroup') || undefined,
    relationship: textOf(typed, 'relationship') || undefined,
    identifying: {
      victimName: orNull(textOf(typed, 'identifying.victimName')),
      contact: orNull(textOf(typed, 'identifying.contact')),
      address: orNull(textOf(typed, 'identifying.address')),
      perpetratorName: orNull(textOf(typed, 'identifying.perpetratorName')),
      narrative: orNull(textOf(typed, 'identifying.narrative')),
    },
  };
  const parsed = caseIntakeSchema.safeParse(raw);
  if (!parsed.success) {
    issuesByPath(parsed.error.issues, errors);
    return { input: null, errors, typed };
  }
  const { identifying: _i, ...facts } = parsed.data;
  merge(errors, caseIntakeIssues(facts, today));
  return { input: Object.keys(errors).length ? null : parsed.data, errors, typed };
}

export function isEventKind(value: unknown): value is CaseEventKind {
  return typeof value === 'string' && (caseEventKinds as readonly string[]).includes(value);
}

/**
 * Reads one event form; with the case's state, also checks it against the case (consent before
 * referral, dates) — without it the API does (it always does).
 */
export function readEventForm(
  data: FormData,
  state: { status: CaseStatus; intakeDate: LocalDate; events: readonly CaseEventFacts[] } | null,
  today: LocalDate,
): Parsed<CaseEventInput> & { kind: CaseEventKind } {
  const typed = typedOf(data, ['services']);
  const errors: FieldErrorMap = {};
  const rawKind = textOf(typed, 'kind');
  const kind: CaseEventKind = isEventKind(rawKind) ? rawKind : 'step';
  const common = { kind, date: textOf(typed, 'date'), note: orNull(textOf(typed, 'note')) };
  const raw =
    kind === 'step'
      ? { ...common, step: textOf(typed, 'step') || undefined, referredTo: orNull(textOf(typed, 'referredTo')) }
      : kind === 'support'
        ? { ...common, service: textOf(typed, 'service') || undefined }
        : kind === 'consent'
          ? { ...common, givenBy: textOf(typed, 'givenBy') || undefined, services: listOf(typed, 'services') }
          : kind === 'follow_up'
            ? { ...common, nextOn: orNull(textOf(typed, 'nextOn')) }
            : { ...common, reason: textOf(typed, 'reason') || undefined };
  const parsed = caseEventInputSchema.safeParse(raw);
  if (!parsed.success) {
    issuesByPath(parsed.error.issues, errors);
    return { input: null, errors, typed, kind };
  }
  const { note: _n, ...facts } = parsed.data;
  if (state) merge(errors, caseEventIssues(state, facts, today));
  else if (facts.date > today) merge(errors, caseEventIssues({ status: 'open', intakeDate: facts.date, events: [] }, facts, today).filter((i) => i.path === 'date'));
  return { input: Object.keys(errors).length ? null : parsed.data, errors, typed, kind };
}
