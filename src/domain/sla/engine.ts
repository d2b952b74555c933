// The SLA engine: a pure function of (ticket, status history, targets, calendar, workflow, now).
import { statusCategory } from '../lifecycle/engine';
import type { TicketStatus, WorkflowDefinition } from '../lifecycle/types';
import type { Priority } from '../tickets';
import { ALWAYS_CALENDAR, addWorkingMinutes, type BusinessCalendar, workingMinutesBetween } from './calendar';
import { DEFAULT_WARNING_PERCENTS } from './policies';
import type { SlaStop, SlaTargetDefinition } from './targets';

export interface SlaTicket {
  createdAt: Date;
  status: TicketStatus;
  scheduledStartAt?: Date | null;
  complaintAt?: Date | null;
  /** Informational: priority scaling happens when targets are taken from a policy (policyTargets). */
  priority?: Priority;
}

export interface SlaHistoryRow {
  toStatus: TicketStatus;
  fromStatus: TicketStatus | null;
  at: Date;
}

export interface ComputeSlaInput {
  ticket: SlaTicket;
  history: SlaHistoryRow[];
  targets: SlaTargetDefinition[];
  calendar: BusinessCalendar;
  workflow: WorkflowDefinition;
  now: Date;
  warningPercents?: [number, number];
}

export type SlaState = 'on_track' | 'warning' | 'critical' | 'breached' | 'met' | 'paused';

export interface SlaResult {
  targetId: string;
  startedAt: Date | null;
  dueAt: Date | null;
  stoppedAt: Date | null;
  elapsedMinutes: number;
  pausedMinutes: number;
  percentUsed: number;
  state: SlaState;
}

interface Segment {
  status: TicketStatus;
  from: number;
  to: number;
}

type Span = [number, number];

interface Context {
  input: ComputeSlaInput;
  segments: Segment[];
  now: number;
}

/** Rows sorted by time (ties keep input order: the sort is stable); rows after `now` are not yet known. */
function buildTimeline(input: ComputeSlaInput): Segment[] {
  const now = input.now.getTime();
  const rows: Array<{ row: SlaHistoryRow; at: number }> = [];
  for (const row of input.history) {
    const at = row.at.getTime();
    if (at <= now) rows.push({ row, at });
  }
  rows.sort((a, b) => a.at - b.at);
  const first = rows[0]?.row.fromStatus ?? input.workflow.initialStatus;
  const segments: Segment[] = [
    { status: first, from: input.ticket.createdAt.getTime(), to: Number.POSITIVE_INFINITY },
  ];
  for (const { row, at } of rows) {
    const previous = segments[segments.length - 1] as Segment;
    previous.to = at;
    segments.push({ status: row.toStatus, from: at, to: Number.POSITIVE_INFINITY });
  }
  return segments;
}

/** When the clock starts, and the segment after which stop events count. */
function findStart(ctx: Context, target: SlaTargetDefinition): { at: number; after: number } | null {
  const { starts } = target;
  const { ticket } = ctx.input;
  if ('onCreate' in starts) return { at: ticket.createdAt.getTime(), after: 0 };
  if ('atScheduledStart' in starts)
    return ticket.scheduledStartAt ? { at: ticket.scheduledStartAt.getTime(), after: 0 } : null;
  if ('atComplaint' in starts)
    return ticket.complaintAt ? { at: ticket.complaintAt.getTime(), after: 0 } : null;
  const index = ctx.segments.findIndex((segment) => segment.status === starts.onEnter);
  const segment = ctx.segments[index];
  return segment ? { at: segment.from, after: index } : null;
}

function stopsAt(ctx: Context, stop: SlaStop, index: number): boolean {
  const segment = ctx.segments[index];
  const previous = ctx.segments[index - 1];
  if (!segment || !previous) return false;
  if (stop.onEnter?.includes(segment.status)) return true;
  if (stop.onCategory?.includes(statusCategory(ctx.input.workflow, segment.status))) return true;
  return stop.onLeave !== undefined && previous.status === stop.onLeave && segment.status !== stop.onLeave;
}

function findStop(ctx: Context, stop: SlaStop, after: number): number | null {
  for (let i = after + 1; i < ctx.segments.length; i++) {
    if (stopsAt(ctx, stop, i)) return ctx.segments[i]?.from ?? null;
  }
  return null;
}

/** [start, end] with the paused spans cut out. */
function runningSpans(start: number, end: number, pauses: Span[]): Span[] {
  const spans: Span[] = [];
  let cursor = start;
  for (const [from, to] of pauses) {
    if (to <= cursor || from >= end) continue;
    if (from > cursor) spans.push([cursor, from]);
    cursor = Math.max(cursor, to);
  }
  if (cursor < end) spans.push([cursor, end]);
  return spans;
}

function pausedSpans(ctx: Context, target: SlaTargetDefinition): Span[] {
  if (!target.pausesInPausedStatuses) return [];
  return ctx.segments
    .filter((segment) => statusCategory(ctx.input.workflow, segment.status) === 'paused')
    .map((segment): Span => [segment.from, segment.to]);
}

/** The instant the counted time reaches `minutes`; past the known spans the clock is assumed to run on. */
function dueTime(calendar: BusinessCalendar, running: Span[], resumeAt: number, minutes: number): number {
  let remaining = minutes;
  for (const [from, to] of running) {
    const worked = workingMinutesBetween(calendar, new Date(from), new Date(to));
    if (remaining <= worked) return addWorkingMinutes(calendar, new Date(from), remaining).getTime();
    remaining -= worked;
  }
  return addWorkingMinutes(calendar, new Date(resumeAt), remaining).getTime();
}

function minutesIn(calendar: BusinessCalendar, spans: Span[]): number {
  return spans.reduce(
    (sum, [from, to]) => sum + workingMinutesBetween(calendar, new Date(from), new Date(to)),
    0,
  );
}

interface Measured {
  due: number;
  stop: number | null;
  elapsed: number;
  paused: number;
}

function measure(ctx: Context, target: SlaTargetDefinition, start: { at: number; after: number }): Measured {
  const calendar = target.clock === 'wall' ? ALWAYS_CALENDAR : ctx.input.calendar;
  const stop = findStop(ctx, target.stops, start.after);
  // A stop before the start (a trip begun ahead of its slot) counts no time at all.
  const end = Math.max(start.at, stop ?? ctx.now);
  const running = runningSpans(start.at, end, pausedSpans(ctx, target));
  const elapsed = minutesIn(calendar, running);
  const paused = minutesIn(calendar, [[start.at, end]]) - elapsed;
  return { due: dueTime(calendar, running, end, target.minutes), stop, elapsed, paused };
}

function stateOf(ctx: Context, target: SlaTargetDefinition, m: Measured, percent: number): SlaState {
  if (m.stop !== null) return m.stop <= m.due ? 'met' : 'breached';
  if (ctx.now >= m.due) return 'breached';
  const category = statusCategory(ctx.input.workflow, ctx.input.ticket.status);
  if (target.pausesInPausedStatuses && category === 'paused') return 'paused';
  const [warning, critical] = ctx.input.warningPercents ?? DEFAULT_WARNING_PERCENTS;
  if (percent >= critical) return 'critical';
  return percent >= warning ? 'warning' : 'on_track';
}

function notStarted(target: SlaTargetDefinition): SlaResult {
  const empty = { startedAt: null, dueAt: null, stoppedAt: null, elapsedMinutes: 0, pausedMinutes: 0 };
  return { targetId: target.id, ...empty, percentUsed: 0, state: 'on_track' };
}

function evaluate(ctx: Context, target: SlaTargetDefinition): SlaResult | null {
  const start = findStart(ctx, target);
  const started = start !== null && start.at <= ctx.now;
  if (!started && !target.activeWhileIn?.includes(ctx.input.ticket.status)) return null;
  if (!start) return notStarted(target);
  const m = measure(ctx, target, start);
  const reached = ctx.now >= m.due ? 100 : 0;
  const percent = target.minutes > 0 ? (m.elapsed / target.minutes) * 100 : reached;
  return {
    targetId: target.id,
    startedAt: new Date(start.at),
    dueAt: new Date(m.due),
    stoppedAt: m.stop === null ? null : new Date(m.stop),
    elapsedMinutes: m.elapsed,
    pausedMinutes: m.paused,
    percentUsed: percent,
    state: stateOf(ctx, target, m, percent),
  };
}

/** One result per applicable target, in target order. */
export function computeSla(input: ComputeSlaInput): SlaResult[] {
  const ctx: Context = { input, segments: buildTimeline(input), now: input.now.getTime() };
  const results: SlaResult[] = [];
  for (const target of input.targets) {
    const result = evaluate(ctx, target);
    if (result) results.push(result);
  }
  return results;
}
