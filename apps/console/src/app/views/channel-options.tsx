import type { ChannelView } from '../api/api-types';

/**
 * The options of every channel picker: one per channel, named (with its
 * number when `withNumber`), after an `anyLabel` option for "no channel
 * chosen" (value "") when one is given.
 */
export function ChannelOptions({ channels, anyLabel, withNumber = false }: { channels: readonly ChannelView[]; anyLabel?: string; withNumber?: boolean }) {
  return (
    <>
      {anyLabel !== undefined && <option value="">{anyLabel}</option>}
      {channels.map((channel) => (
        <option key={channel.id} value={channel.id}>
          {withNumber ? `${channel.name} ${channel.displayPhoneNumber ?? channel.phoneNumberId}` : channel.name}
        </option>
      ))}
    </>
  );
}
