// The read-only parts of the ticket details (admin and supervisor desks): customer and device, SLA,
// the full timeline, the attachments gallery, escalation history, parts requests and customer messages.

import { useState } from 'react';
import { Link } from 'react-router';
import { useCityName } from '../../../api/customer';
import { useFormat } from '../../../i18n/format';
import { useI18n } from '../../../i18n/i18n';
import { Dialog } from '../../../ui/dialog';
import {
  DeviceLabel,
  InfoRow,
  MessageList,
  StatusTimeline,
  TicketSection,
  useActionText,
  useVisitText,
} from '../../customer/track/ticket-parts';
import { AttachmentImage } from '../../technician/task/attachment-image';
import { useDurationText } from './admin-ui';
import type { AdminTicket, AdminTicketDetails } from './api';
import { useTicketDesk } from './desk';

export function CustomerAndDevice({ ticket }: { ticket: AdminTicket }) {
  const { t } = useI18n();
  const format = useFormat();
  const cityName = useCityName();
  const visitText = useVisitText();
  return (
    <TicketSection headingId="ad-customer-title" title={t('adminDesk.ticket.customerAndDevice')}>
      <dl className="ad-facts">
        <InfoRow label={t('adminDesk.ticket.customer')}>{ticket.customerName}</InfoRow>
        <InfoRow label={t('adminDesk.ticket.phone')}>
          <a href={`tel:${ticket.customerPhone}`}>
            <bdi dir="ltr">{ticket.customerPhone}</bdi>
          </a>
        </InfoRow>
        <InfoRow label={t('adminDesk.ticket.city')}>{cityName(ticket.customerCity)}</InfoRow>
        <InfoRow label={t('adminDesk.ticket.address')}>
          <bdi dir="auto">{ticket.formattedAddress ?? ticket.customerAddress}</bdi>
        </InfoRow>
        <InfoRow label={t('adminDesk.ticket.device')}>
          <DeviceLabel deviceType={ticket.deviceType} brand={ticket.brand} model={ticket.model} />
        </InfoRow>
        {ticket.serialNumber && (
          <InfoRow label={t('adminDesk.ticket.serial')}>
            <bdi dir="ltr">{ticket.serialNumber}</bdi>
          </InfoRow>
        )}
        <InfoRow label={t('adminDesk.ticket.warranty')}>{t(`warranty.${ticket.warrantyStatus}`)}</InfoRow>
        {ticket.invoiceNumber && (
          <InfoRow label={t('adminDesk.ticket.invoice')}>
            <bdi dir="ltr">{ticket.invoiceNumber}</bdi>
          </InfoRow>
        )}
        <InfoRow label={t('adminDesk.ticket.problem')}>
          <bdi dir="auto">{ticket.problemDescription}</bdi>
        </InfoRow>
        {ticket.diagnosisNotes && (
          <InfoRow label={t('adminDesk.ticket.diagnosis')}>
            <bdi dir="auto">{ticket.diagnosisNotes}</bdi>
          </InfoRow>
        )}
        <InfoRow label={t('adminDesk.ticket.preferredSlot')}>
          {ticket.preferredTimeSlot ? format.timeSlot(ticket.preferredTimeSlot) : t('adminDesk.none')}
        </InfoRow>
        <InfoRow label={t('adminDesk.ticket.visit')}>
          {visitText(ticket.scheduledDate, ticket.scheduledTimeSlot) ?? t('adminDesk.ticket.notScheduled')}
        </InfoRow>
        <InfoRow label={t('adminDesk.ticket.technician')}>
          {ticket.technician ? ticket.technician.name : t('adminDesk.ticket.unassigned')}
        </InfoRow>
        <InfoRow label={t('adminDesk.ticket.createdAt')}>
          <time dateTime={ticket.createdAt}>{format.dateTime(ticket.createdAt)}</time>
        </InfoRow>
        {ticket.cancellationReason && (
          <InfoRow label={t('adminDesk.ticket.cancellationReason')}>
            <bdi dir="auto">{ticket.cancellationReason}</bdi>
          </InfoRow>
        )}
      </dl>
    </TicketSection>
  );
}

type Sla = NonNullable<AdminTicket['sla']>;

function SlaTimeLeft({ minutesLeft }: { minutesLeft: number | null }) {
  const { t } = useI18n();
  const duration = useDurationText();
  if (minutesLeft === null) return <>{t('adminDesk.none')}</>;
  return (
    <>
      {minutesLeft >= 0
        ? t('adminDesk.sla.left', { time: duration(minutesLeft) })
        : t('adminDesk.sla.overdue', { time: duration(-minutesLeft) })}
    </>
  );
}

export function SlaCard({ sla }: { sla: AdminTicket['sla'] }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <TicketSection headingId="ad-sla-title" title={t('adminDesk.sla.title')}>
      {!sla ? (
        <p>{t('adminDesk.sla.none')}</p>
      ) : (
        <>
          <p className="ad-sla-head">
            <SlaBadge state={sla.state} />
            <span>
              <SlaTimeLeft minutesLeft={sla.minutesLeft} />
            </span>
          </p>
          <dl className="ad-facts">
            <InfoRow label={t('adminDesk.sla.target')}>
              <bdi dir="ltr">{sla.targetId}</bdi>
              {sla.policy ? ` — ${sla.policy.name}` : ''}
            </InfoRow>
            <InfoRow label={t('adminDesk.sla.dueAt')}>
              <time dateTime={sla.dueAt}>{format.dateTime(sla.dueAt)}</time>
            </InfoRow>
            <InfoRow label={t('adminDesk.sla.used')}>
              {t('adminDesk.sla.percent', { percent: format.number(Math.round(sla.percentUsed)) })}
            </InfoRow>
          </dl>
          {sla.targets.length > 1 && <SlaTargets targets={sla.targets} />}
        </>
      )}
    </TicketSection>
  );
}

function SlaTargets({ targets }: { targets: Sla['targets'] }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <div className="ad-table-wrap">
      <table className="ad-table">
        <caption className="visually-hidden">{t('adminDesk.sla.targets')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('adminDesk.sla.target')}</th>
            <th scope="col">{t('adminDesk.sla.state')}</th>
            <th scope="col">{t('adminDesk.sla.dueAt')}</th>
            <th scope="col">{t('adminDesk.sla.timeLeft')}</th>
          </tr>
        </thead>
        <tbody>
          {targets.map((target) => (
            <tr key={target.targetId}>
              <td>
                <bdi dir="ltr">{target.targetId}</bdi>
              </td>
              <td>
                <SlaBadge state={target.state} />
              </td>
              <td>{target.dueAt ? format.dateTime(target.dueAt) : t('adminDesk.none')}</td>
              <td>
                <SlaTimeLeft minutesLeft={target.minutesLeft} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function SlaBadge({ state }: { state: Sla['state'] }) {
  const { t } = useI18n();
  return <span className={`ad-sla ad-sla-${state}`}>{t(`adminDesk.sla.states.${state}`)}</span>;
}

export function AdminTimeline({ entries }: { entries: AdminTicketDetails['timeline'] }) {
  const { t } = useI18n();
  const actionText = useActionText();
  return (
    <StatusTimeline
      entries={entries}
      headingId="ad-timeline-title"
      title={t('adminDesk.ticket.timeline')}
      describe={actionText}
    />
  );
}

type Attachment = AdminTicketDetails['attachments'][number];
const isImage = (attachment: Attachment) => attachment.mimeType.startsWith('image/');

export function AttachmentsGallery({ attachments }: { attachments: Attachment[] }) {
  const { t } = useI18n();
  const format = useFormat();
  const [open, setOpen] = useState<Attachment | null>(null);
  const typeText = (attachment: Attachment) => t(`adminDesk.attachmentTypes.${attachment.type}`);
  return (
    <TicketSection
      headingId="ad-attachments-title"
      title={t('adminDesk.ticket.attachments', { count: attachments.length })}
    >
      {attachments.length === 0 ? (
        <p>{t('adminDesk.ticket.noAttachments')}</p>
      ) : (
        <ul className="ad-gallery">
          {attachments.map((attachment) => (
            <li key={attachment.id}>
              {isImage(attachment) ? (
                <button
                  type="button"
                  className="ad-thumb"
                  onClick={() => setOpen(attachment)}
                  aria-label={t('adminDesk.ticket.openFull', { name: typeText(attachment) })}
                >
                  <AttachmentImage url={attachment.url} alt="" />
                </button>
              ) : (
                <span className="ad-thumb ad-thumb-file" aria-hidden="true">
                  {attachment.mimeType.split('/')[1]?.toUpperCase() ?? '?'}
                </span>
              )}
              <span className="ad-thumb-caption">
                {typeText(attachment)}
                <span className="field-hint">
                  {attachment.uploadedByName} · {format.dateTime(attachment.createdAt)}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
      {open && (
        <Dialog title={typeText(open)} onClose={() => setOpen(null)} size="full">
          <figure className="ad-full-image">
            <AttachmentImage url={open.url} alt={t('adminDesk.ticket.fullAlt', { name: typeText(open) })} />
            <figcaption className="field-hint">
              <bdi dir="auto">{open.filename}</bdi> · {open.uploadedByName} ·{' '}
              {format.dateTime(open.createdAt)}
            </figcaption>
          </figure>
        </Dialog>
      )}
    </TicketSection>
  );
}

export function EscalationHistory({ escalations }: { escalations: AdminTicketDetails['escalations'] }) {
  const { t } = useI18n();
  const desk = useTicketDesk();
  const format = useFormat();
  return (
    <TicketSection headingId="ad-escalations-title" title={t('adminDesk.ticket.escalations')}>
      {escalations.length === 0 ? (
        <p>{t('adminDesk.ticket.noEscalations')}</p>
      ) : (
        <ul className="ad-list">
          {escalations.map((escalation) => (
            <li key={escalation.id} className="ad-list-item">
              <p className="ad-row">
                <span className={`ad-level ad-level-${escalation.level}`}>{escalation.level}</span>
                <strong>{t(`adminDesk.escalationTypes.${escalation.type}`)}</strong>
                <span className={escalation.isResolved ? 'ad-pill ad-pill-done' : 'ad-pill ad-pill-open'}>
                  {escalation.isResolved
                    ? t('adminDesk.escalations.resolved')
                    : t('adminDesk.escalations.open')}
                </span>
              </p>
              <p>
                <bdi dir="auto">{escalation.reason}</bdi>
              </p>
              <p className="field-hint">{format.dateTime(escalation.createdAt)}</p>
              {escalation.isResolved && (
                <p className="field-hint">
                  {t('adminDesk.escalations.resolvedBy', {
                    name: escalation.resolvedByName ?? t('roles.system'),
                    date: escalation.resolvedAt ? format.dateTime(escalation.resolvedAt) : '',
                  })}
                  {escalation.resolutionNotes && (
                    <>
                      {' — '}
                      <bdi dir="auto">{escalation.resolutionNotes}</bdi>
                    </>
                  )}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to={desk.escalationsPath}>{t(desk.texts.allEscalations)}</Link>
      </p>
    </TicketSection>
  );
}

export function TicketPartsRequests({ requests }: { requests: AdminTicketDetails['partsRequests'] }) {
  const { t } = useI18n();
  const desk = useTicketDesk();
  const format = useFormat();
  if (requests.length === 0) return null;
  return (
    <TicketSection headingId="ad-parts-title" title={t('adminDesk.ticket.partsRequests')}>
      <ul className="ad-list">
        {requests.map((request) => (
          <li key={request.id} className="ad-list-item">
            <p className="ad-row">
              <strong>
                <bdi dir="auto">{request.partName}</bdi> × {request.quantity}
              </strong>
              <span className={`ad-pill ad-parts-${request.status}`}>
                {t(`adminDesk.parts.statuses.${request.status}`)}
              </span>
            </p>
            <p className="field-hint">
              {request.requestedByName} · {format.dateTime(request.requestedAt)}
            </p>
          </li>
        ))}
      </ul>
      {desk.partsQueuePath && (
        <p>
          <Link to={desk.partsQueuePath}>{t('adminDesk.ticket.partsQueue')}</Link>
        </p>
      )}
    </TicketSection>
  );
}

export function CustomerMessages({ messages }: { messages: AdminTicketDetails['messages'] }) {
  const { t } = useI18n();
  if (messages.length === 0) return null;
  return (
    <TicketSection headingId="ad-messages-title" title={t('adminDesk.ticket.messages')}>
      <MessageList messages={messages} />
    </TicketSection>
  );
}
