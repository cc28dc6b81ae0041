// Deadline reminders: one plain function, run by the Worker's Cron Trigger (worker.ts `scheduled`),
// by `npm run reminders` locally (reminders-cli.ts) and by a coordinator's "send now"
// (POST /api/v1/org-units/{unitId}/reminders). It finds
// - report slots: units that owe a report for a period of an issued plan and have not submitted it,
// - tracked duties of issued plans that are not done,
// due in 7, 3 or 1 days or overdue, and gives each user who answers for the unit one notification
// per item and step (in the portal) and one e-mail through the mailer. Steps are buckets, so a run
// that was missed catches up: due in 5 days is the "7" step, in 2 days the "3" step, today or
// tomorrow the "1" step, past due the "0" (overdue) step. The unique (user, subject, step) index
// makes every run idempotent: running twice the same day adds nothing.
import {
  addNotificationOnce,
  openDuties,
  openReportSlots,
  usersWithRoleAt,
  type Db,
  type OpenDuty,
  type OpenReportSlot,
  type ResponsibleUser,
} from '@binh-dang/db';
import { formatShortVnDate, newId, parseLocalDate, rolesFor, todayInVietnam, toLocalDate, type LocalDate } from '@binh-dang/domain';
import type { Mailer } from './mailer.ts';

/** Days before a deadline at which a reminder goes out; 0 is the overdue notice. */
export const REMINDER_STEPS = [7, 3, 1] as const;
/** Overdue notices go out for items at most this many days late (older ones are long known). */
export const OVERDUE_LOOKBACK_DAYS = 30;

/** Who answers for a report: the roles that may edit it (reports.edit) at the unit. */
export const REPORT_ROLES = rolesFor('reports.edit') ?? [];
/** Who answers for a duty: the roles that may report progress on it (duties.update) at the unit. */
export const DUTY_ROLES = rolesFor('duties.update') ?? [];

export interface RunRemindersOptions {
  /** Only units within this subtree (a path). */
  scopePath?: string | null;
  /** The portal's public origin, for the links in e-mails (e.g. https://binhdang.example.gov.vn). */
  publicUrl?: string | null;
}

export interface RunRemindersResult {
  /** The day the run counted from (Việt Nam). */
  today: LocalDate;
  /** Items due in the window (report slots + duties). */
  itemsDue: number;
  /** Notifications added by this run (a repeat run adds none). */
  notifications: number;
  /** E-mails queued (and, with a provider, handed over). */
  emails: number;
  /** E-mails a provider accepted, this run's and earlier failed ones sent again. */
  sent: number;
}

const DAY_MS = 86_400_000;

function addDays(date: LocalDate, days: number): LocalDate {
  const { year, month, day } = parseLocalDate(date);
  const d = new Date(Date.UTC(year, month - 1, day) + days * DAY_MS);
  return toLocalDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Whole days from `today` to `due` (negative when past). */
export function daysUntil(due: LocalDate, today: LocalDate): number {
  const a = parseLocalDate(due);
  const b = parseLocalDate(today);
  return Math.round((Date.UTC(a.year, a.month - 1, a.day) - Date.UTC(b.year, b.month - 1, b.day)) / DAY_MS);
}

/** The reminder step a deadline is at today: 7, 3, 1, 0 (overdue), or null (not yet, or too old). */
export function reminderStep(due: LocalDate, today: LocalDate): { step: number; days: number } | null {
  const days = daysUntil(due, today);
  if (days < 0) return days >= -OVERDUE_LOOKBACK_DAYS ? { step: 0, days } : null;
  for (const step of [...REMINDER_STEPS].sort((a, b) => a - b)) if (days <= step) return { step, days };
  return null;
}

/** "còn 3 ngày", "hôm nay là hạn cuối", "đã quá hạn 2 ngày". */
function relativeText(days: number): string {
  if (days < 0) return `đã quá hạn ${-days} ngày`;
  if (days === 0) return 'hôm nay là hạn cuối';
  return `còn ${days} ngày`;
}

/** "còn 3 ngày, hạn 15/11/2024", "đã quá hạn 3 ngày (hạn 15/11/2024)". */
function whenText(days: number, due: LocalDate): string {
  const date = formatShortVnDate(due);
  if (days < 0) return `${relativeText(days)} (hạn ${date})`;
  if (days === 0) return `đến hạn hôm nay (${date})`;
  return `${relativeText(days)}, hạn ${date}`;
}

function planLabel(item: { planNumber: string | null; planTitle: string }): string {
  return item.planNumber ? `Kế hoạch số ${item.planNumber}: ${item.planTitle}` : `Kế hoạch: ${item.planTitle}`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

interface Reminder {
  kind: 'report.due' | 'duty.due';
  subject: string;
  unitId: string;
  roles: readonly string[];
  due: LocalDate;
  step: number;
  days: number;
  title: string;
  body: string;
  link: string;
}

function reportReminder(slot: OpenReportSlot, step: number, days: number): Reminder {
  const overdue = days < 0;
  return {
    kind: 'report.due',
    subject: `report:${slot.planId}:${slot.unitId}:${slot.period}`,
    unitId: slot.unitId,
    roles: REPORT_ROLES,
    due: slot.deadline,
    step,
    days,
    title: `${overdue ? 'Quá hạn' : 'Sắp đến hạn'}: báo cáo kỳ ${slot.period} của ${slot.unitName} — ${whenText(days, slot.deadline)}`,
    body:
      `${slot.unitName} cần gửi báo cáo kỳ ${slot.period} theo ${planLabel(slot)}. ` +
      `Hạn gửi: ${formatShortVnDate(slot.deadline)} (${relativeText(days)}). ` +
      (slot.reportStatus === 'returned'
        ? 'Báo cáo đã bị trả lại: vui lòng sửa theo góp ý rồi gửi lại.'
        : slot.reportStatus === 'draft'
          ? 'Báo cáo đang là bản nháp: vui lòng hoàn thành và gửi.'
          : 'Báo cáo chưa được lập.'),
    link: '/bao-cao',
  };
}

function dutyReminder(duty: OpenDuty, step: number, days: number): Reminder {
  const overdue = days < 0;
  return {
    kind: 'duty.due',
    subject: `duty:${duty.id}`,
    unitId: duty.unitId,
    roles: DUTY_ROLES,
    due: duty.dueDate,
    step,
    days,
    title: `${overdue ? 'Quá hạn' : 'Sắp đến hạn'}: nhiệm vụ của ${duty.unitName} — ${whenText(days, duty.dueDate)}`,
    body:
      `Nhiệm vụ “${clip(duty.text, 300)}” giao cho ${duty.unitName} theo ${planLabel(duty)} ` +
      (overdue ? `chưa hoàn thành, ${whenText(days, duty.dueDate)}. ` : `cần hoàn thành trước ${formatShortVnDate(duty.dueDate)} (${relativeText(days)}). `) +
      'Vui lòng cập nhật tiến độ trong mục “Việc của tôi”.',
    link: `/viec-cua-toi/${encodeURIComponent(duty.id)}`,
  };
}

function emailText(user: ResponsibleUser, reminder: Reminder, publicUrl: string | null): string {
  const link = publicUrl ? new URL(reminder.link, publicUrl).href : reminder.link;
  return [
    `Kính gửi ${user.name},`,
    '',
    reminder.body,
    '',
    `Xem chi tiết: ${link}`,
    '',
    '—',
    'Thư nhắc việc tự động của hệ thống Bình Đẳng (kế hoạch và báo cáo bình đẳng giới). Vui lòng không trả lời thư này.',
  ].join('\n');
}

/**
 * Adds the notifications and queues the e-mails due `now` (see the top of this file). Safe to run
 * any number of times: a user gets each item's step once.
 */
export async function runReminders(db: Db, now: Date, mailer: Mailer, options: RunRemindersOptions = {}): Promise<RunRemindersResult> {
  const today = todayInVietnam(now);
  const window = { from: addDays(today, -OVERDUE_LOOKBACK_DAYS), to: addDays(today, Math.max(...REMINDER_STEPS)), scopePath: options.scopePath ?? null };
  // E-mails a provider refused in the last day go out again before the new ones.
  let sent = await mailer.retryPending(new Date(now.getTime() - DAY_MS), now);

  const [slots, duties] = await Promise.all([openReportSlots(db, window), openDuties(db, window)]);
  const reminders: Reminder[] = [];
  for (const slot of slots) {
    const at = reminderStep(slot.deadline, today);
    if (at) reminders.push(reportReminder(slot, at.step, at.days));
  }
  for (const duty of duties) {
    const at = reminderStep(duty.dueDate, today);
    if (at) reminders.push(dutyReminder(duty, at.step, at.days));
  }

  const roles = [...new Set([...REPORT_ROLES, ...DUTY_ROLES])];
  const people = await usersWithRoleAt(db, [...new Set(reminders.map((r) => r.unitId))], roles);
  const createdAt = now.toISOString();
  let notifications = 0;
  let emails = 0;
  for (const reminder of reminders) {
    // One notification per user, even when they hold several of the roles at the unit.
    const recipients = new Map<string, ResponsibleUser>();
    for (const person of people) if (person.unitId === reminder.unitId && reminder.roles.includes(person.role)) recipients.set(person.userId, person);
    for (const user of recipients.values()) {
      const id = newId(now);
      const added = await addNotificationOnce(db, {
        id,
        userId: user.userId,
        kind: reminder.kind,
        subject: reminder.subject,
        step: reminder.step,
        title: reminder.title,
        body: reminder.body,
        link: reminder.link,
        dueDate: reminder.due,
        createdAt,
      });
      if (!added) continue;
      notifications++;
      const result = await mailer.send({ to: user.email, subject: `[Bình Đẳng] ${reminder.title}`, text: emailText(user, reminder, options.publicUrl ?? null), notificationId: id }, now);
      emails++;
      if (result.sent) sent++;
    }
  }
  return { today, itemsDue: reminders.length, notifications, emails, sent };
}
