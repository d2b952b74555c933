// Device-type card icons (decorative; the card's label names the device).
import type { ReactNode } from 'react';
import type { DeviceType } from '../../../../domain/tickets';

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg
      className="device-icon"
      width="32"
      height="32"
      viewBox="0 0 32 32"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export const DEVICE_ICONS: Record<DeviceType, ReactNode> = {
  ac: (
    <Icon>
      <rect x="3" y="7" width="26" height="11" rx="2" />
      <path d="M7 14h18M10 22v3M16 22v4M22 22v3" />
    </Icon>
  ),
  washer: (
    <Icon>
      <rect x="6" y="3" width="20" height="26" rx="2" />
      <circle cx="16" cy="18" r="6" />
      <path d="M10 7h4" />
    </Icon>
  ),
  fridge: (
    <Icon>
      <rect x="8" y="2" width="16" height="28" rx="2" />
      <path d="M8 12h16M12 6v3M12 16v4" />
    </Icon>
  ),
  oven: (
    <Icon>
      <rect x="4" y="4" width="24" height="24" rx="2" />
      <rect x="8" y="13" width="16" height="11" rx="1" />
      <path d="M9 8h2M15 8h2M21 8h2" />
    </Icon>
  ),
  dishwasher: (
    <Icon>
      <rect x="5" y="3" width="22" height="26" rx="2" />
      <path d="M5 9h22M10 15h12M10 20h12" />
    </Icon>
  ),
  other: (
    <Icon>
      <circle cx="8" cy="16" r="2" />
      <circle cx="16" cy="16" r="2" />
      <circle cx="24" cy="16" r="2" />
    </Icon>
  ),
};
