// The four measured scenarios and how one is run: a 2 s warm-up, then 10 s of 50 connections,
// while the server's resident memory is sampled.
import autocannon from 'autocannon';
import { measureCpu, sampleMemory } from './infra';

export interface Target {
  minRequestsPerSecond: number;
  maxP99Ms?: number;
  maxRssMb: number;
}

export interface ScenarioResult {
  name: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  total2xx: number;
  peakRssMb: number;
  /** CPU time per answered request (ms) and cores kept busy, per process; database null when external. */
  cpu: {
    serverMsPerRequest: number;
    databaseMsPerRequest: number | null;
    loadGeneratorMsPerRequest: number;
    serverCores: number;
    databaseCores: number | null;
  };
  target: Target;
  met: boolean;
}

export interface Scenario {
  name: string;
  target: Target;
  /** The request autocannon sends, rebuilt before every request. */
  request: () => autocannon.Request;
}

export const SETTINGS = { connections: 50, durationSeconds: 10, warmupSeconds: 2 };
const RSS_LIMIT_MB = 300;

/**
 * Names for the created tickets: only one in ten holds the list scenario's search term, as in the
 * loaded data, so the creation scenario does not skew the list that follows it.
 */
const CREATED_NAMES = [
  'محمد القحطاني',
  'سارة العتيبي',
  'فهد الدوسري',
  'نورة الشهري',
  'Omar Hassan',
  'ريم الزهراني',
  'خالد المطيري',
  'Sarah Khan',
  'تركي الحربي',
  'هند السبيعي',
];

/** Sends a new, valid ticket from the public portal; the phone differs on every request. */
export function creationScenario(): Scenario {
  let counter = 0;
  const base = {
    customerCity: 'riyadh',
    customerAddress: 'حي النرجس، شارع الأمير محمد بن سعد، مبنى 12',
    latitude: 24.8312,
    longitude: 46.6421,
    deviceType: 'ac',
    brand: 'LG',
    model: 'Dual Inverter 24K',
    problemDescription: 'المكيف لا يبرد رغم تشغيله على أقل درجة',
    preferredTimeSlot: 'morning',
    warrantyStatus: 'no',
  };
  return {
    name: 'create ticket (public)',
    target: { minRequestsPerSecond: 1000, maxP99Ms: 100, maxRssMb: RSS_LIMIT_MB },
    request: () => ({
      method: 'POST',
      path: '/api/v1/customer/tickets',
      headers: { 'content-type': 'application/json' },
      setupRequest: (request) => {
        counter = (counter + 1) % 10_000_000;
        const customerPhone = `052${String(counter).padStart(7, '0')}`;
        const customerName = CREATED_NAMES[counter % CREATED_NAMES.length];
        return { ...request, body: JSON.stringify({ ...base, customerName, customerPhone }) };
      },
    }),
  };
}

export function adminListScenario(token: string, search: string): Scenario {
  const query = new URLSearchParams({ status: 'new', search, limit: '20' });
  return {
    name: 'admin ticket list (status+search)',
    target: { minRequestsPerSecond: 1000, maxP99Ms: 100, maxRssMb: RSS_LIMIT_MB },
    request: () => ({
      method: 'GET',
      path: `/api/v1/admin/tickets?${query}`,
      headers: { authorization: `Bearer ${token}` },
    }),
  };
}

/** Assigns a technician to `new` tickets, each request a different ticket from the pool. */
export function assignScenario(token: string, ticketIds: string[], technicianId: string): Scenario {
  let next = 0;
  const body = JSON.stringify({ technicianId });
  return {
    name: 'workflow action (assign)',
    target: { minRequestsPerSecond: 800, maxRssMb: RSS_LIMIT_MB },
    request: () => ({
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
      setupRequest: (request) => {
        // Past the end of the pool the ids repeat: those answers are 409s, counted as non-2xx.
        const id = ticketIds[next++ % ticketIds.length];
        return { ...request, path: `/api/v1/admin/tickets/${id}/assign` };
      },
    }),
  };
}

export function trackingScenario(tokens: string[]): Scenario {
  return {
    name: 'public tracking',
    target: { minRequestsPerSecond: 5000, maxP99Ms: 30, maxRssMb: RSS_LIMIT_MB },
    request: () => ({
      method: 'GET',
      setupRequest: (request) => {
        const token = tokens[Math.floor(Math.random() * tokens.length)];
        return { ...request, path: `/api/v1/customer/tickets/track/${token}` };
      },
    }),
  };
}

function cannon(baseUrl: string, scenario: Scenario, seconds: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: baseUrl,
        connections: SETTINGS.connections,
        duration: seconds,
        requests: [scenario.request()],
        timeout: 10,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

export async function runScenario(
  baseUrl: string,
  scenario: Scenario,
  serverPid: number,
  postmaster: number | null,
): Promise<ScenarioResult> {
  const memory = sampleMemory(serverPid);
  await cannon(baseUrl, scenario, SETTINGS.warmupSeconds);
  const cpu = measureCpu(serverPid, postmaster);
  const result = await cannon(baseUrl, scenario, SETTINGS.durationSeconds);
  const used = cpu.stop();
  const peakRssMb = memory.stop();
  const answered = Math.max(1, result['2xx'] + result.non2xx);
  const duration = result.duration || SETTINGS.durationSeconds;
  const perRequest = (cpuSeconds: number) => Math.round((cpuSeconds / answered) * 1e5) / 100;
  const cores = (cpuSeconds: number) => Math.round((cpuSeconds / duration) * 100) / 100;
  const total2xx = result['2xx'];
  const requestsPerSecond = total2xx / duration;
  const { target } = scenario;
  const met =
    requestsPerSecond >= target.minRequestsPerSecond &&
    (target.maxP99Ms === undefined || result.latency.p99 <= target.maxP99Ms) &&
    peakRssMb < target.maxRssMb;
  return {
    name: scenario.name,
    requestsPerSecond: Math.round(requestsPerSecond),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    total2xx,
    peakRssMb: Math.round(peakRssMb),
    cpu: {
      serverMsPerRequest: perRequest(used.server),
      databaseMsPerRequest: used.database === null ? null : perRequest(used.database),
      loadGeneratorMsPerRequest: perRequest(used.loadGenerator),
      serverCores: cores(used.server),
      databaseCores: used.database === null ? null : cores(used.database),
    },
    target,
    met,
  };
}
