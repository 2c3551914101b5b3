import { invalidValue, wrongType } from '../errors/meta-rejection';
import { childPath, isObject, objectField, stringField } from './param-checks';
import { SendContent } from './send-content';

/** `contacts: [{name: {formatted_name}, …}]` (§2.5): only `formatted_name` is required. */
export function validateContacts(contacts: unknown[]): SendContent {
  if (contacts.length === 0) throw invalidValue('Param contacts must contain at least one contact.');
  contacts.forEach((contact, index) => {
    const at = childPath('contacts', index);
    if (!isObject(contact)) throw wrongType(at, 'a JSON object');
    const name = objectField(contact, 'name', at, { required: true });
    stringField(name, 'formatted_name', childPath(at, 'name'), {
      required: true,
    });
  });
  return { type: 'contacts' };
}
