/**
 * Bolt's Socket Mode receiver, changed in one respect: an Events API envelope is acknowledged
 * when opsdesk's listener returns (Bolt acknowledges before it runs): once the event is stored
 * (the bot's intake), or handled (a sink without receipts). So an event the process or the socket
 * dies with before that is redelivered by Slack instead of lost; the intake drops the repeats by
 * event id. Slash commands and other envelopes are acknowledged when the listener calls ack().
 */
import { type App, SocketModeReceiver, type SocketModeReceiverOptions } from '@slack/bolt';

interface SlackEventArgs {
  ack: (response?: Record<string, unknown>) => Promise<void>;
  type: string;
  body: Record<string, unknown>;
  retry_num?: number;
  retry_reason?: string;
}

export class AckAfterHandleSocketReceiver extends SocketModeReceiver {
  private boltApp?: App;
  private connected = false;

  constructor(
    opts: SocketModeReceiverOptions,
    private readonly onError: (err: unknown, type: string) => void,
  ) {
    super(opts);
    this.client.removeAllListeners('slack_event');
    this.client.on('slack_event', (args: SlackEventArgs) => void this.dispatch(args));
    this.client.on('connected', () => (this.connected = true));
    for (const state of ['disconnected', 'reconnecting', 'disconnecting'])
      this.client.on(state, () => (this.connected = false));
  }

  override init(app: App): void {
    super.init(app);
    this.boltApp = app;
  }

  /** Bolt's stop() does not wait for the close handshake; this one does (no timers left behind). */
  override async stop(): Promise<void> {
    await this.client.disconnect();
  }

  isConnected(): boolean {
    return this.connected;
  }

  private async dispatch(args: SlackEventArgs): Promise<void> {
    const deferAck = args.type === 'events_api';
    let response: Record<string, unknown> | undefined;
    let acked = false;
    const ack = async (r?: unknown) => {
      if (acked) return;
      acked = true;
      if (deferAck) response = r as Record<string, unknown> | undefined;
      else await args.ack(r as Record<string, unknown> | undefined);
    };
    try {
      await this.boltApp?.processEvent({
        body: args.body,
        ack,
        retryNum: args.retry_num,
        retryReason: args.retry_reason,
      });
      if (deferAck) await args.ack(response);
    } catch (err) {
      // Not acknowledged: Slack redelivers the event (the intake drops it if it was handled).
      this.onError(err, args.type);
    }
  }
}
