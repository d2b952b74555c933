// Policy selection by conditions (specificity, ties, fallback) and seed 002 priority multipliers.
import { describe, expect, it } from 'vitest';
import { PRIORITY_MULTIPLIER, policyTargets, type SlaPolicy, selectPolicy } from './policies';
import { SEED_000_STAGE_TARGETS, type SlaTargetDefinition } from './targets';

const target = (id: string, kind: SlaTargetDefinition['kind'], minutes: number): SlaTargetDefinition => ({
  id,
  kind,
  minutes,
  clock: 'business',
  starts: { onCreate: true },
  stops: { onCategory: ['done', 'cancelled'] },
  pausesInPausedStatuses: true,
});

const policy = (id: string, conditions: SlaPolicy['conditions']): SlaPolicy => ({
  id,
  name: id,
  conditions,
  targets: [],
});

const fallback = policy('fallback', {});
const premium = policy('premium', { customerTier: 'premium' });
const premiumAc = policy('premium-ac', { customerTier: 'premium', category: 'ac' });
const contract = policy('contract', { contractId: 'C-1' });
const urgent = policy('urgent', { priority: 'urgent' });

describe('selectPolicy', () => {
  it('picks the most specific matching policy', () => {
    const policies = [fallback, premium, premiumAc, contract];
    expect(selectPolicy(policies, { customerTier: 'premium', category: 'ac' })?.id).toBe('premium-ac');
    expect(selectPolicy(policies, { customerTier: 'premium', category: 'fridge' })?.id).toBe('premium');
  });

  it('requires every condition a policy sets to match', () => {
    expect(selectPolicy([premiumAc], { customerTier: 'premium' })).toBeUndefined();
    expect(selectPolicy([premiumAc], { category: 'ac', customerTier: 'basic' })).toBeUndefined();
  });

  it('breaks ties by list order', () => {
    const facts = { contractId: 'C-1', customerTier: 'premium', priority: 'urgent' as const };
    expect(selectPolicy([contract, premium, urgent], facts)?.id).toBe('contract');
    expect(selectPolicy([urgent, premium, contract], facts)?.id).toBe('urgent');
  });

  it('falls back to the policy without conditions, wherever it sits', () => {
    expect(selectPolicy([premium, fallback], { customerTier: 'basic' })?.id).toBe('fallback');
    expect(selectPolicy([fallback, premium], { customerTier: 'premium' })?.id).toBe('premium');
    expect(selectPolicy([], {})).toBeUndefined();
  });
});

describe('policyTargets', () => {
  const base: SlaPolicy = {
    ...fallback,
    targets: [target('response', 'response', 240), target('resolution', 'resolution', 2880)],
    scaleByPriority: true,
  };
  const minutes = (p: SlaPolicy, priority: keyof typeof PRIORITY_MULTIPLIER) =>
    policyTargets(p, priority).map((t) => t.minutes);

  it('applies the seed 002 multipliers to response and resolution targets', () => {
    expect(PRIORITY_MULTIPLIER).toEqual({ urgent: 0.25, high: 0.5, normal: 1, low: 2 });
    expect(minutes(base, 'urgent')).toEqual([60, 720]);
    expect(minutes(base, 'high')).toEqual([120, 1440]);
    expect(minutes(base, 'normal')).toEqual([240, 2880]);
    expect(minutes(base, 'low')).toEqual([480, 5760]);
  });

  it('leaves stage targets and unscaled policies alone', () => {
    const staged = { ...base, targets: SEED_000_STAGE_TARGETS };
    expect(minutes(staged, 'urgent')).toEqual(SEED_000_STAGE_TARGETS.map((t) => t.minutes));
    expect(minutes({ ...base, scaleByPriority: false }, 'urgent')).toEqual([240, 2880]);
  });
});
