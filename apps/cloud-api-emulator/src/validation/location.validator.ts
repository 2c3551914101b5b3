import { invalidValue, missingParameter, wrongType } from '../errors/meta-rejection';
import { childPath, JsonObject, stringField } from './param-checks';
import { SendContent } from './send-content';

// Meta's docs show coordinates as strings; SDKs send numbers. Both are accepted.
function coordinate(location: JsonObject, key: 'latitude' | 'longitude', limit: number): void {
  const value = location[key];
  const at = childPath('location', key);
  if (value === undefined || value === null || value === '') throw missingParameter(at, 131008);
  if (typeof value !== 'number' && typeof value !== 'string') throw wrongType(at, 'a number');
  const number = Number(value);
  if (!Number.isFinite(number) || Math.abs(number) > limit) throw invalidValue(`Param ${at} must be a number between -${limit} and ${limit}.`);
}

/** `location: {latitude, longitude, name?, address?}` (§2.4). */
export function validateLocation(location: JsonObject): SendContent {
  coordinate(location, 'latitude', 90);
  coordinate(location, 'longitude', 180);
  stringField(location, 'name', 'location', { max: 1000 });
  stringField(location, 'address', 'location', { max: 1000 });
  return { type: 'location' };
}
