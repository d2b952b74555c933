// Device types and visit time slots: fixed lists of seed 000 §4.2 for now (the ticket schema, the
// wizard and the scheduling rules use their codes). Shown read-only, with the note saying why.
import { TIME_SLOTS, type TimeSlot } from '../../../../domain/schedule/time-slots';
import { DEVICE_TYPES } from '../../../../domain/tickets';
import { useT } from '../../../i18n/i18n';

const hour = (value: number) => `${String(value).padStart(2, '0')}:00`;

export function DeviceTypesTab() {
  const t = useT();
  return (
    <>
      <h2 className="st-section-title">{t('adminSettings.tabs.devices')}</h2>
      <p className="alert alert-warning" role="note">
        {t('adminSettings.fixedListNote')}
      </p>
      <table className="st-table">
        <thead>
          <tr>
            <th scope="col">{t('adminSettings.code')}</th>
            <th scope="col">{t('adminSettings.label')}</th>
          </tr>
        </thead>
        <tbody>
          {DEVICE_TYPES.map((type) => (
            <tr key={type}>
              <td>
                <bdi dir="ltr">{type}</bdi>
              </td>
              <td>{t(`deviceTypes.${type}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function TimeSlotsTab() {
  const t = useT();
  const slots = Object.entries(TIME_SLOTS) as Array<[TimeSlot, { startHour: number; endHour: number }]>;
  return (
    <>
      <h2 className="st-section-title">{t('adminSettings.tabs.slots')}</h2>
      <p className="alert alert-warning" role="note">
        {t('adminSettings.fixedListNote')}
      </p>
      <table className="st-table">
        <thead>
          <tr>
            <th scope="col">{t('adminSettings.code')}</th>
            <th scope="col">{t('adminSettings.label')}</th>
            <th scope="col">{t('adminSettings.hours')}</th>
          </tr>
        </thead>
        <tbody>
          {slots.map(([slot, hours]) => (
            <tr key={slot}>
              <td>
                <bdi dir="ltr">{slot}</bdi>
              </td>
              <td>{t(`timeSlots.${slot}`)}</td>
              <td>
                <bdi dir="ltr">
                  {hour(hours.startHour)} – {hour(hours.endHour)}
                </bdi>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
