// SLA rules SLA-001..008 (seed 000 §7.1): threshold, owner role, on/off and, for L3 rules, the
// automatic reassignment. One row per rule, each saved on its own.
import { type FormEvent, useId, useState } from 'react';
import type { SLA_OWNER_ROLES } from '../../../../server/modules/admin/admin.schemas';
import { type MessageKey, useT } from '../../../i18n/i18n';
import { QueryView } from '../../../ui/states';
import { type SlaConfig, useSaveSlaConfig, useSlaConfigs } from './api';
import { FieldError, issueAt, SaveStatus } from './form-bits';

type OwnerRole = (typeof SLA_OWNER_ROLES)[number];
const OWNER_ROLES: readonly OwnerRole[] = ['admin', 'supervisor', 'manager', 'dispatcher'];

function RuleRow({ config, canEdit }: { config: SlaConfig; canEdit: boolean }) {
  const t = useT();
  const id = useId();
  const save = useSaveSlaConfig();
  const [threshold, setThreshold] = useState(String(config.thresholdMinutes));
  const [ownerRole, setOwnerRole] = useState(config.ownerRole);
  const [isActive, setIsActive] = useState(config.isActive);
  const [autoReassign, setAutoReassign] = useState(config.autoReassign);
  const thresholdError = issueAt(save.error, 'body.thresholdMinutes');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // An empty entry is sent as NaN (null in JSON): the server explains what it expects.
    const minutes = threshold.trim() === '' ? Number.NaN : Number(threshold);
    save.mutate({
      id: config.id,
      body: {
        thresholdMinutes: minutes,
        ownerRole: ownerRole as OwnerRole,
        isActive,
        ...(config.escalationLevel === 'L3' ? { autoReassign } : {}),
      },
    });
  };

  const name = t(`adminSettings.rules.${config.ruleId}` as MessageKey);
  return (
    <li className="card st-rule">
      <form className="st-rule-form" onSubmit={submit} noValidate aria-labelledby={`${id}-name`}>
        <h3 id={`${id}-name`} className="st-rule-title">
          <bdi dir="ltr">{config.ruleId}</bdi> · {name}
          <span className="st-badge">{config.escalationLevel}</span>
        </h3>
        <div className="field">
          <label htmlFor={`${id}-threshold`}>{t('adminSettings.threshold')}</label>
          <input
            id={`${id}-threshold`}
            type="number"
            inputMode="numeric"
            step={1}
            dir="ltr"
            value={threshold}
            disabled={!canEdit}
            onChange={(event) => setThreshold(event.target.value)}
            aria-invalid={Boolean(thresholdError)}
            aria-describedby={`${id}-threshold-hint ${id}-threshold-error`}
          />
          <p id={`${id}-threshold-hint`} className="field-hint">
            {t('adminSettings.thresholdHint')}
          </p>
          <FieldError id={`${id}-threshold-error`} message={thresholdError} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-owner`}>{t('adminSettings.ownerRole')}</label>
          <select
            id={`${id}-owner`}
            value={ownerRole}
            disabled={!canEdit}
            onChange={(event) => setOwnerRole(event.target.value)}
          >
            {OWNER_ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`roles.${role}`)}
              </option>
            ))}
          </select>
        </div>
        <label className="st-check">
          <input
            type="checkbox"
            checked={isActive}
            disabled={!canEdit}
            onChange={(event) => setIsActive(event.target.checked)}
          />
          {t('adminSettings.ruleActive')}
        </label>
        {config.escalationLevel === 'L3' && (
          <label className="st-check">
            <input
              type="checkbox"
              checked={autoReassign}
              disabled={!canEdit}
              onChange={(event) => setAutoReassign(event.target.checked)}
            />
            {t('adminSettings.autoReassign')}
          </label>
        )}
        {canEdit && (
          <div className="st-actions">
            <button type="submit" className="button button-primary" disabled={save.isPending}>
              {save.isPending ? t('adminSettings.saving') : t('adminSettings.save')}
            </button>
            <SaveStatus isPending={save.isPending} isSuccess={save.isSuccess} error={save.error} />
          </div>
        )}
      </form>
    </li>
  );
}

export function SlaRulesTab({ canEdit }: { canEdit: boolean }) {
  const t = useT();
  const query = useSlaConfigs();
  return (
    <>
      <h2 className="st-section-title">{t('adminSettings.tabs.sla')}</h2>
      <p className="field-hint">{t('adminSettings.slaIntro')}</p>
      <QueryView query={query} isEmpty={(configs) => configs.length === 0}>
        {(configs) => (
          <ul className="st-rules">
            {configs.map((config) => (
              <RuleRow key={config.id} config={config} canEdit={canEdit} />
            ))}
          </ul>
        )}
      </QueryView>
    </>
  );
}
