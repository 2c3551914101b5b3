import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { SecretBox } from '@wabus/persistence';
import { GraphApiError, GraphResponseError, GraphTransportError, UnsafeUrlError } from '@wabus/whatsapp';
import { GatewayGraph } from '../graph/gateway-graph';
import { ChannelsService } from './channels.service';

export class ChannelVerificationView {
  @ApiProperty({ description: 'The credentials work: Meta answered for this phone number id with this token' }) ok!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'What is wrong, in words, when not ok' }) problem!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'A machine code for the problem' }) code!: string | null;
  @ApiProperty({ nullable: true, type: Object, description: "Meta's answer: verified name, display number, quality, throughput" })
  phoneNumber!: Record<string, unknown> | null;
  @ApiProperty({ type: [String], description: 'Things that work but deserve a look' }) warnings!: string[];
}

/**
 * `POST /v1/channels/:id/verify`: asks the Graph API for the channel's phone
 * number with its token (`GET /{phone-number-id}`, as Meta's docs suggest) and
 * says what is wrong in words an operator can act on.
 */
@Injectable()
export class ChannelVerifier {
  constructor(
    private readonly channels: ChannelsService,
    private readonly secrets: SecretBox,
    private readonly graph: GatewayGraph,
  ) {}

  async verify(channelId: string): Promise<ChannelVerificationView> {
    const channel = await this.channels.entity(channelId);
    const target = { graphBaseUrl: channel.graphBaseUrl, apiVersion: channel.apiVersion, phoneNumberId: channel.phoneNumberId, accessToken: this.secrets.open(channel.accessToken) };
    try {
      const { body } = await this.graph.client.getPhoneNumber(target);
      const warnings: string[] = [];
      const display = body.display_phone_number?.replace(/\D/g, '');
      if (channel.displayPhoneNumber && display && channel.displayPhoneNumber.replace(/\D/g, '') !== display) {
        warnings.push(`Meta shows this number as ${body.display_phone_number}, not ${channel.displayPhoneNumber} as configured here.`);
      }
      if (body.quality_rating === 'RED') warnings.push('Meta rates this number RED: sending may soon be limited.');
      const level = body.throughput?.level;
      if (level === 'STANDARD' && channel.throughputMps > 80) warnings.push(`Meta's throughput level is STANDARD (80 messages/s) but this channel is set to ${channel.throughputMps}.`);
      return { ok: true, problem: null, code: null, phoneNumber: body, warnings };
    } catch (error) {
      return { ok: false, ...describeProblem(error, channel.graphBaseUrl, channel.phoneNumberId), phoneNumber: null, warnings: [] };
    }
  }
}

function describeProblem(error: unknown, graphBaseUrl: string, phoneNumberId: string): { problem: string; code: string } {
  if (error instanceof GraphApiError) {
    if (error.code === 190 || error.code === 0) return { code: 'bad_token', problem: `Meta refused the access token (${error.title}): create a new system-user token and update the channel.` };
    if (error.code === 100 || error.code === 33) {
      return { code: 'wrong_phone_number_id', problem: `Meta knows no phone number ${phoneNumberId} that this token may see: check the phone number id and the token's WhatsApp Business Account.` };
    }
    if (error.code === 10 || (error.code >= 200 && error.code <= 299)) {
      return { code: 'missing_permission', problem: `The token lacks a permission (${error.title}): grant whatsapp_business_messaging and whatsapp_business_management.` };
    }
    return { code: 'graph_error', problem: `Meta answered with error ${error.code}: ${error.title}.` };
  }
  if (error instanceof UnsafeUrlError) return { code: 'unsafe_url', problem: `${graphBaseUrl} is a private or loopback address, which WABUS_ALLOW_PRIVATE_URLS=false forbids.` };
  if (error instanceof GraphTransportError) {
    return { code: 'unreachable', problem: `Could not reach the Graph API at ${graphBaseUrl} (${error.kind}${error.causeCode ? `: ${error.causeCode}` : ''}): check graphBaseUrl and the network.` };
  }
  if (error instanceof GraphResponseError) return { code: 'unexpected_answer', problem: `${graphBaseUrl} answered HTTP ${error.httpStatus} with something that is not the Graph API.` };
  throw error;
}
