// The phone's position for start trip / arrive and "nearest first", with the reason when it fails.
export interface Position {
  latitude: number;
  longitude: number;
  accuracy?: number;
}

export type LocationProblem = 'denied' | 'unavailable' | 'timeout' | 'unsupported';

export class LocationError extends Error {
  constructor(readonly problem: LocationProblem) {
    super(problem);
    this.name = 'LocationError';
  }
}

export function currentPosition(opts: { timeoutMs?: number } = {}): Promise<Position> {
  return new Promise((resolve, reject) => {
    if (typeof navigator === 'undefined' || !navigator.geolocation) {
      reject(new LocationError('unsupported'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (position) =>
        resolve({
          latitude: position.coords.latitude,
          longitude: position.coords.longitude,
          accuracy: Number.isFinite(position.coords.accuracy) ? position.coords.accuracy : undefined,
        }),
      (error) =>
        reject(
          new LocationError(
            error.code === error.PERMISSION_DENIED
              ? 'denied'
              : error.code === error.TIMEOUT
                ? 'timeout'
                : 'unavailable',
          ),
        ),
      { enableHighAccuracy: true, timeout: opts.timeoutMs ?? 15_000, maximumAge: 30_000 },
    );
  });
}

/** Great-circle distance in kilometres. */
export function distanceKm(a: Position, b: Position): number {
  const rad = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = rad(b.latitude - a.latitude);
  const dLng = rad(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export const googleMapsUrl = (point: Position) =>
  `https://www.google.com/maps/dir/?api=1&destination=${point.latitude},${point.longitude}`;
export const wazeUrl = (point: Position) =>
  `https://waze.com/ul?ll=${point.latitude},${point.longitude}&navigate=yes`;
