import type { FastifyPluginAsync } from 'fastify';
import { DateTime } from 'luxon';
import { DEFAULT_TIMEZONE } from '../../time/instants.js';
import { CreateChannelBody } from '../../channels/channels-schemas.js';
import { SECRET_FIELDS } from '../../channels/channel-secrets.js';
import { createChannel, KIND_FIELDS, listChannels } from '../../channels/channels-service.js';
import { flushBroadcast, nextBroadcast } from '../../broadcasts/broadcasts.js';
import { CHANNEL_KINDS, type ChannelKind, type Role } from '../../db/schema.js';
import { type SafeHtml, html, type HtmlPart } from '../../http/html.js';
import { isMessageKey } from '../../i18n/translate.js';
import { cardTable } from '../frame/card-table.js';
import { idParam, list, parseForm, refusal, text, type FormBody } from '../frame/forms.js';
import { csrfField, notice, options, postButton, say, sendPage, wallClock, words } from '../frame/layout.js';
import { pageRoute } from '../frame/page-route.js';
import type { Visitor } from '../frame/visitor.js';

const COORDINATOR: { roles: readonly Role[] } = { roles: ['coordinator'] };
type Query = Record<string, string | undefined>;

const isKind = (value: string | undefined): value is ChannelKind => CHANNEL_KINDS.includes(value as ChannelKind);

/** Partner channels: the list with a test button each, and adding one kind at a time with only the fields that kind needs. */
export const channelPages: FastifyPluginAsync = async (app) => {
  function channelsPage(visitor: Visitor, message: HtmlPart = ''): SafeHtml {
    const channels = listChannels(app.deps).items;
    const rows = channels.map((c) => ({
      cells: [
        html`${c.name}<br><span class="muted">${words(visitor, `channelKind_${c.kind}`)}${c.topics.length ? ` · ${c.topics.join(', ')}` : ''}</span>${nextSend(visitor, c)}`,
        c.active ? say(visitor, 'active') : html`${say(visitor, 'inactive')}${c.disabledReason ? html`<br><span class="muted">${c.disabledReason}</span>` : ''}`,
        postButton(visitor, `/office/channels/${c.id}/test`, words(visitor, 'sendTest')),
      ],
    }));
    const kinds = CHANNEL_KINDS.map((kind) => html`<li><a href="/office/channels/new?kind=${kind}"><strong>${say(visitor, `channelKind_${kind}`)}</strong></a><br><span class="muted">${say(visitor, `chAbout_${kind}`)}</span></li>`);
    return html`${message}${channels.length ? cardTable([words(visitor, 'channel'), words(visitor, 'status'), ''], rows) : html`<p class="muted">${say(visitor, 'noChannels')}</p>`}
<h2>${say(visitor, 'addChannel')}</h2><ul class="plain kinds">${kinds}</ul>`;
  }

  /** An Official Account in broadcast mode: what waits for its next daily send, when it goes, and a button to send it now. */
  function nextSend(visitor: Visitor, channel: { id: number; kind: ChannelKind; config: { mode?: string; timezone?: string } }): HtmlPart {
    if (channel.kind !== 'wechat_official_account' || channel.config.mode === 'publish') return '';
    const next = nextBroadcast(app.deps, channel.id);
    if (!next || next.waiting.length === 0) return html`<br><span class="muted">${say(visitor, 'broadcastNothing')}</span>`;
    const titles = next.waiting.map((w) => w.title).join('、');
    return html`<br>${say(visitor, 'broadcastNext', { n: next.waiting.length, when: wallClock(DateTime.fromISO(next.dueAt).setZone(channel.config.timezone ?? DEFAULT_TIMEZONE).toISO()!, visitor.language) })}<br><span class="muted">${titles}</span>${next.postponed ? html`<br><span class="muted">${say(visitor, 'broadcastPostponed', { n: next.postponed })}</span>` : ''}<br>${postButton(visitor, `/office/channels/${channel.id}/flush`, words(visitor, 'broadcastNow'))}`;
  }

  /** The form for one kind: its name, topics and the fields it needs, each labelled and explained in words. */
  function kindForm(visitor: Visitor, kind: ChannelKind, values: Query = {}, message: HtmlPart = ''): SafeHtml {
    const rule = KIND_FIELDS[kind];
    const fields = [...rule.required, ...rule.optional].map((name) => {
      const hint = `chHint_${kind}_${name}`;
      // Secrets are typed blind and never shown back; a robot's key is pasted as its whole (visible) address.
      const secret = (SECRET_FIELDS as readonly string[]).includes(name) && name !== 'key';
      const label = html`<label for="${name}">${say(visitor, `chField_${name}`)}${rule.required.includes(name) ? '' : html` <span class="muted">(${say(visitor, 'optional')})</span>`}</label>`;
      if (name === 'mode') return html`${label}<select id="mode" name="mode">${options([{ value: 'broadcast', label: 'broadcast' }, { value: 'publish', label: 'publish' }], values.mode ?? 'broadcast')}</select>`;
      return html`${label}
<input id="${name}" name="${name}" type="${secret ? 'password' : name === 'address' ? 'email' : name === 'url' || name === 'key' ? 'url' : 'text'}" autocomplete="off"${rule.required.includes(name) ? html` required` : ''} value="${secret ? '' : (values[name] ?? '')}">${isMessageKey(hint) ? html`<p class="muted hint">${say(visitor, hint)}</p>` : ''}`;
    });
    return html`${message}<p class="muted">${say(visitor, `chAbout_${kind}`)}</p><form method="post" action="/office/channels">${csrfField(visitor)}<input type="hidden" name="kind" value="${kind}">
<label for="name">${say(visitor, 'name')}</label><input id="name" name="name" type="text" required maxlength="200" value="${values.name ?? ''}">
${fields}
<label for="topics">${say(visitor, 'topicsHint')}</label><input id="topics" name="topics" type="text" value="${values.topics ?? ''}">
<p class="muted">${say(visitor, 'secretsStoredSealed')}</p>
<p class="actions"><button class="primary">${say(visitor, 'addChannel')}</button><a href="/office/channels">${say(visitor, 'goBack')}</a></p></form>`;
  }

  app.get('/office/channels', pageRoute(COORDINATOR), async (request, reply) => {
    const { visitor } = request;
    const q = request.query as Query;
    // After a redirect: a test's result in a sentence (the platform's own words, if it refused), or the channel added.
    const message =
      q.tested === 'ok'
        ? notice(words(visitor, 'testSentPlain'))
        : q.tested === 'failed'
          ? notice(words(visitor, 'testFailed', { error: q.error ?? '' }), 'error')
          : q.added
            ? notice(words(visitor, 'channelAdded', { name: q.added }))
            : q.flushed
              ? notice(words(visitor, 'broadcastFlushed'))
              : '';
    return sendPage(reply, visitor, words(visitor, 'channels'), channelsPage(visitor, message));
  });

  app.get('/office/channels/new', pageRoute(COORDINATOR), async (request, reply) => {
    const { visitor } = request;
    const kind = (request.query as Query).kind;
    // No kind (or an unknown one): the choice of kinds, on the channels page.
    if (!isKind(kind)) return reply.redirect('/office/channels#add', 303);
    return sendPage(reply, visitor, `${words(visitor, 'addChannel')} · ${words(visitor, `channelKind_${kind}`)}`, kindForm(visitor, kind));
  });

  app.post('/office/channels', pageRoute(COORDINATOR), async (request, reply) => {
    const { visitor } = request;
    const form = request.body as FormBody;
    const kind = text(form, 'kind');
    if (!isKind(kind)) return reply.redirect('/office/channels', 303);
    const rule = KIND_FIELDS[kind];
    const values: Query = Object.fromEntries(['name', 'topics', ...rule.required, ...rule.optional].map((k) => [k, text(form, k)]));
    try {
      const config = Object.fromEntries([...rule.required, ...rule.optional].filter((k) => values[k]).map((k) => [k, values[k]]));
      const input = parseForm(CreateChannelBody, { kind, name: values.name, topics: list(form, 'topics'), config });
      const channel = await createChannel({ db: app.db, secretKey: app.secretKey, config: app.config }, input);
      // A secret made for the channel is shown this once (it is stored sealed): a page, not a redirect that would carry it in the address.
      if ('generatedSecret' in channel && channel.generatedSecret) {
        return sendPage(reply, visitor, words(visitor, 'channels'), html`${notice(words(visitor, 'channelAdded', { name: channel.name }))}<p>${say(visitor, 'generatedSecretOnce')}</p><p><code class="secret">${channel.generatedSecret}</code></p><p><a href="/office/channels">${say(visitor, 'backToChannels')}</a></p>`);
      }
      return reply.redirect(`/office/channels?${new URLSearchParams({ added: channel.name }).toString()}`, 303);
    } catch (error) {
      const refused = refusal(error, visitor);
      return sendPage(reply, visitor, `${words(visitor, 'addChannel')} · ${words(visitor, `channelKind_${kind}`)}`, kindForm(visitor, kind, values, notice(refused.message, 'error')), `/office/channels/new?kind=${kind}`, refused.status);
    }
  });

  app.post('/office/channels/:id/flush', pageRoute(COORDINATOR), async (request, reply) => {
    const { visitor } = request;
    try {
      flushBroadcast(app.deps, idParam(request.params));
      app.outbox.kick();
      return reply.redirect('/office/channels?flushed=1', 303);
    } catch (error) {
      const refused = refusal(error, visitor);
      return sendPage(reply, visitor, words(visitor, 'channels'), channelsPage(visitor, notice(refused.message, 'error')), '/office/channels', refused.status);
    }
  });

  app.post('/office/channels/:id/test', pageRoute(COORDINATOR), async (request, reply) => {
    const result = await app.testChannel(idParam(request.params));
    const outcome: Record<string, string> = 'error' in result ? { tested: 'failed', error: (result.error ?? '').slice(0, 300) } : { tested: 'ok' };
    return reply.redirect(`/office/channels?${new URLSearchParams(outcome).toString()}`, 303);
  });
};
