// SLA compliance report (seed 000 §8.1 "SLA Compliance", §8.3): the period's tickets without an
// escalation, per priority and per SLA rule.
import { z } from 'zod';
import { PRIORITIES } from '../../../domain/tickets';
import { ESCALATION_TYPES } from '../../db/schema/escalations';
import { kpiPeriod, kpiQueryShape } from '../kpi/kpi.schemas';

export const slaComplianceQuery = z.object(kpiQueryShape).superRefine(kpiPeriod);
export type SlaComplianceQuery = z.infer<typeof slaComplianceQuery>;

const percent = z.number().nullable().describe('Percent, one decimal; null when the period has no tickets.');

const complianceFigures = {
  totalTickets: z.number().int(),
  escalatedTickets: z.number().int(),
  compliance: percent,
};

export const slaComplianceResponse = z.object({
  period: z.object({ dateFrom: z.string(), dateTo: z.string(), timeZone: z.string() }),
  ...complianceFigures,
  byPriority: z.array(z.object({ priority: z.enum(PRIORITIES), ...complianceFigures })),
  byRule: z
    .array(
      z.object({
        ruleId: z.string().nullable().describe('Null for escalations raised without a stored rule.'),
        name: z.string().nullable(),
        type: z.enum(ESCALATION_TYPES),
        isActive: z.boolean().nullable(),
        ...complianceFigures,
      }),
    )
    .describe('Every configured rule (even with no escalation), then any other rule that escalated.'),
});
export type SlaComplianceReport = z.infer<typeof slaComplianceResponse>;
