import { describe, expect, it } from 'vitest';
import {
  type Draft,
  EMPTY_DRAFT,
  fieldOfIssuePath,
  firstIncompleteStep,
  toNewTicket,
  validateStep,
} from './draft';

const complete: Draft = {
  customerName: 'محمد العتيبي',
  customerPhone: '+966 55 123 4567',
  customerCity: 'riyadh',
  customerAddress: 'حي النرجس، شارع الأمير سلطان',
  latitude: 24.7136,
  longitude: 46.6753,
  deviceType: 'ac',
  brand: ' سامسونج ',
  model: '',
  problemDescription: 'المكيف لا يبرد',
  preferredTimeSlot: 'morning',
  warrantyStatus: 'no',
  invoiceNumber: 'INV-1',
  serialNumber: 'SN-1',
};

const photo = (type: string, size: number) => ({ type, size }) as File;

describe('wizard steps', () => {
  it('refuses an empty step 1 field by field', () => {
    expect(validateStep(1, EMPTY_DRAFT)).toEqual({
      customerName: 'create.errors.name',
      customerPhone: 'create.errors.phone',
      customerCity: 'create.errors.city',
      customerAddress: 'create.errors.address',
      location: 'create.errors.location',
    });
  });

  it('applies the server limits: name ≥ 3, Saudi mobile, address ≥ 10, problem ≥ 5', () => {
    expect(validateStep(1, { ...complete, customerName: ' ab ' })).toEqual({
      customerName: 'create.errors.name',
    });
    expect(validateStep(1, { ...complete, customerPhone: '0451234567' })).toEqual({
      customerPhone: 'create.errors.phone',
    });
    expect(validateStep(1, { ...complete, customerAddress: 'short' })).toEqual({
      customerAddress: 'create.errors.address',
    });
    expect(validateStep(1, { ...complete, latitude: null })).toEqual({ location: 'create.errors.location' });
    expect(validateStep(2, { ...complete, problemDescription: 'abc' })).toEqual({
      problemDescription: 'create.errors.problem',
    });
    expect(validateStep(2, { ...complete, deviceType: '', brand: ' ', preferredTimeSlot: '' })).toEqual({
      deviceType: 'create.errors.deviceType',
      brand: 'create.errors.brand',
      preferredTimeSlot: 'create.errors.timeSlot',
    });
  });

  it('checks the invoice photo only when the device is under warranty', () => {
    const yes = { ...complete, warrantyStatus: 'yes' as const };
    expect(validateStep(3, yes, photo('image/png', 1000))).toEqual({});
    expect(validateStep(3, yes, photo('application/pdf', 1000))).toEqual({
      invoicePhoto: 'create.errors.photoType',
    });
    expect(validateStep(3, yes, photo('image/jpeg', 11 * 1024 * 1024))).toEqual({
      invoicePhoto: 'create.errors.photoSize',
    });
    expect(validateStep(3, complete, photo('application/pdf', 1000))).toEqual({});
    expect(validateStep(3, { ...complete, warrantyStatus: '' })).toEqual({
      warrantyStatus: 'create.errors.warranty',
    });
  });

  it('finds the first incomplete step', () => {
    expect(firstIncompleteStep(EMPTY_DRAFT)).toBe(1);
    expect(firstIncompleteStep({ ...complete, brand: '' })).toBe(2);
    expect(firstIncompleteStep({ ...complete, warrantyStatus: '' })).toBe(3);
    expect(firstIncompleteStep(complete)).toBeNull();
  });
});

describe('toNewTicket', () => {
  it('sends trimmed values, the phone as 05xxxxxxxx, and invoice fields only under warranty', () => {
    expect(toNewTicket(complete)).toEqual({
      customerName: 'محمد العتيبي',
      customerPhone: '0551234567',
      customerCity: 'riyadh',
      customerAddress: 'حي النرجس، شارع الأمير سلطان',
      latitude: 24.7136,
      longitude: 46.6753,
      deviceType: 'ac',
      brand: 'سامسونج',
      model: undefined,
      problemDescription: 'المكيف لا يبرد',
      preferredTimeSlot: 'morning',
      warrantyStatus: 'no',
      invoiceNumber: undefined,
      serialNumber: undefined,
    });
    expect(toNewTicket({ ...complete, warrantyStatus: 'yes' })).toMatchObject({
      invoiceNumber: 'INV-1',
      serialNumber: 'SN-1',
    });
  });

  it('refuses an incomplete draft', () => {
    expect(() => toNewTicket(EMPTY_DRAFT)).toThrow();
  });
});

describe('fieldOfIssuePath', () => {
  it('maps server issue paths to wizard fields', () => {
    expect(fieldOfIssuePath('body.customerPhone')).toBe('customerPhone');
    expect(fieldOfIssuePath('body.invoicePhoto')).toBe('invoicePhoto');
    expect(fieldOfIssuePath('body.toString')).toBeNull();
    expect(fieldOfIssuePath('body')).toBeNull();
  });
});
