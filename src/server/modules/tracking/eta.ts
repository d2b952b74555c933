// ETA of a technician on the way (seed 000 §4.5, §9.2.1): from an OSRM-compatible routing server when
// one is configured (FIELDLINE_ROUTING_URL), otherwise from the straight-line distance and the
// technician's recent speed. A routing server that fails or is slow falls back to the estimate.
import { distanceMeters, type Point } from './geo';

export interface Eta {
  seconds: number;
  /** When the technician should arrive (ISO 8601). */
  at: string;
  distanceMeters: number;
  source: 'routing' | 'speed';
}

export interface RecentPing extends Point {
  speed: number | null;
  createdAt: Date;
}

/** Roads are longer than the straight line: a common urban detour factor. */
export const ROAD_DETOUR_FACTOR = 1.3;
/** Used when no recent speed is known (30 km/h in town). */
export const DEFAULT_SPEED_MPS = 30 / 3.6;
/** A technician waiting at a light is still coming: never assume less than 10 km/h... */
const MIN_SPEED_MPS = 10 / 3.6;
/** ...nor more than 120 km/h. */
const MAX_SPEED_MPS = 120 / 3.6;
/** Pings older than this say nothing about the current speed. */
export const RECENT_SPEED_WINDOW_MS = 3 * 60_000;
const ROUTING_TIMEOUT_MS = 2_000;

/**
 * The mean of the speeds the device reported in the window; without any, the speed between the
 * oldest and newest ping of the window; null when neither is known.
 */
export function recentSpeed(pings: RecentPing[], now: Date): number | null {
  const recent = pings.filter((ping) => now.getTime() - ping.createdAt.getTime() <= RECENT_SPEED_WINDOW_MS);
  const reported = recent.flatMap((ping) => (ping.speed === null ? [] : [ping.speed]));
  if (reported.length > 0) return reported.reduce((sum, speed) => sum + speed, 0) / reported.length;
  if (recent.length < 2) return null;
  const sorted = [...recent].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const first = sorted[0] as RecentPing;
  const last = sorted[sorted.length - 1] as RecentPing;
  const seconds = (last.createdAt.getTime() - first.createdAt.getTime()) / 1000;
  if (seconds < 5) return null;
  let meters = 0;
  for (let i = 1; i < sorted.length; i++)
    meters += distanceMeters(sorted[i - 1] as Point, sorted[i] as Point);
  return meters / seconds;
}

export function speedEta(from: Point, to: Point, speedMps: number | null, now: Date): Eta {
  const meters = distanceMeters(from, to) * ROAD_DETOUR_FACTOR;
  const speed = Math.min(MAX_SPEED_MPS, Math.max(MIN_SPEED_MPS, speedMps ?? DEFAULT_SPEED_MPS));
  const seconds = Math.round(meters / speed);
  return {
    seconds,
    at: new Date(now.getTime() + seconds * 1000).toISOString(),
    distanceMeters: Math.round(meters),
    source: 'speed',
  };
}

interface OsrmRoute {
  duration: number;
  distance: number;
}

/** GET {base}/route/v1/driving/{lng},{lat};{lng},{lat} as OSRM answers it; null on any failure. */
export async function routingEta(baseUrl: string, from: Point, to: Point, now: Date): Promise<Eta | null> {
  const coordinates = `${from.lng},${from.lat};${to.lng},${to.lat}`;
  const url = `${baseUrl.replace(/\/+$/, '')}/route/v1/driving/${coordinates}?overview=false&alternatives=false&steps=false`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(ROUTING_TIMEOUT_MS) });
    if (!response.ok) return null;
    const body = (await response.json()) as { code?: unknown; routes?: unknown };
    const route = Array.isArray(body.routes) ? (body.routes[0] as Partial<OsrmRoute> | undefined) : undefined;
    if (body.code !== 'Ok' || typeof route?.duration !== 'number' || typeof route.distance !== 'number') {
      return null;
    }
    if (!Number.isFinite(route.duration) || route.duration < 0) return null;
    const seconds = Math.round(route.duration);
    return {
      seconds,
      at: new Date(now.getTime() + seconds * 1000).toISOString(),
      distanceMeters: Math.round(route.distance),
      source: 'routing',
    };
  } catch {
    return null;
  }
}

export async function estimateEta(opts: {
  routingUrl: string | undefined;
  from: Point;
  to: Point;
  recent: RecentPing[];
  now: Date;
}): Promise<Eta> {
  if (opts.routingUrl) {
    const routed = await routingEta(opts.routingUrl, opts.from, opts.to, opts.now);
    if (routed) return routed;
  }
  return speedEta(opts.from, opts.to, recentSpeed(opts.recent, opts.now), opts.now);
}
