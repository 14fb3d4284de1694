// Bot API emulator for the end-to-end tests: telegram-test-api 4.2.1 with the corrections
// aiogram 3.31 needs. Usage: node server.js [PORT]  (or EMULATOR_PORT; 0 = any free port).
// Listens on 127.0.0.1 only and prints "ready http://127.0.0.1:PORT" once it accepts requests.
//
// The package builds its express app from the route list in lib/routes/index.js when the
// server is constructed, so we swap entries of that list first instead of forking the package.
'use strict';

const TelegramServer = require('telegram-test-api');
const { routes } = require('telegram-test-api/lib/routes/index');
const { handle } = require('telegram-test-api/lib/routes/bot/utils');
const original = {
  getMe: require('telegram-test-api/lib/routes/bot/getMe').getMe,
  getUpdates: require('telegram-test-api/lib/routes/bot/getUpdates').getUpdates,
  answerCallbackQuery: require('telegram-test-api/lib/routes/bot/answerCallbackQuery')
    .answerCallbackQuery,
  editMessageText: require('telegram-test-api/lib/routes/bot/editMessageText').editMessageText,
  editMessageReplyMarkup: require('telegram-test-api/lib/routes/bot/editMessageReplyMarkup')
    .editMessageReplyMarkup,
  deleteMessage: require('telegram-test-api/lib/routes/bot/deleteMessage').deleteMessage,
  unknownMethod: require('telegram-test-api/lib/routes/bot/unknownMethod').unknownMethod,
  clientGetUpdates: require('telegram-test-api/lib/routes/client/getUpdates').getUpdates,
};

const BOT = { id: 666, is_bot: true, first_name: 'Test First name', username: 'TestNameBot' };
const USER_EVENTS = ['AddedUserMessage', 'AddedUserCommand', 'AddedUserCallbackQuery'];
const BOT_EVENTS = ['AddedBotMessage', 'EditedMessageText', 'EditedMessageReplyMarkup'];
const MAX_LONG_POLL_SECONDS = 30;
// Methods that only change settings or show something transient; the Bot API answers `true`.
const ANSWERED_TRUE = new Set([
  'sendChatAction', 'setMyCommands', 'deleteMyCommands', 'setMyName', 'setMyDescription',
  'setMyShortDescription', 'setChatMenuButton', 'setMyDefaultAdministratorRights',
]);

function botError(res, code, description) {
  res.status(code).json({ ok: false, error_code: code, description });
}

// Resolves after the first of `events` or after `seconds`, whichever comes first; the package
// answers getUpdates at once, which would make a polling bot spin on the CPU.
function waitForEvent(server, events, seconds, res) {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      events.forEach((name) => server.off(name, done));
      res.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, Math.min(seconds, MAX_LONG_POLL_SECONDS) * 1000);
    events.forEach((name) => server.on(name, done));
    res.on('close', done);  // the client gave up (a bot shutting down)
  });
}

// The Message object the Bot API answers with; the package keeps the raw sendMessage body.
function asMessage(stored) {
  const { message } = stored;
  const markup = message.reply_markup && message.reply_markup.inline_keyboard
    ? message.reply_markup : undefined;
  return {
    message_id: stored.messageId,
    date: Math.floor(stored.time / 1000),
    chat: { id: Number(message.chat_id), type: 'private', first_name: 'Test' },
    from: BOT,
    text: message.text,
    entities: message.entities,
    reply_markup: markup,
    edit_date: stored.edited ? Math.floor(Date.now() / 1000) : undefined,
  };
}

const replacements = new Map([
  // aiogram's User model requires `is_bot`.
  [original.getMe, (app) => handle(app, '/bot:token/getMe', (_req, res) => {
    res.json({ ok: true, result: BOT });
  })],

  // Long polling with `timeout`, and updates confirmed by `offset` as the Bot API does (the
  // package marks them read as soon as they are sent, so a bot killed mid-update loses it).
  [original.getUpdates, (app, server) => handle(app, '/bot:token/getUpdates', async (req, res) => {
    const token = req.params.token;
    const params = { ...req.query, ...req.body };
    const offset = Number(params.offset) || 0;
    const mine = (u) => u.botToken === token;
    server.storage.userMessages.forEach((u) => {
      if (mine(u) && u.updateId < offset) u.isRead = true;
    });
    const pending = () => server.storage.userMessages.filter((u) => mine(u) && !u.isRead);
    if (pending().length === 0 && Number(params.timeout) > 0) {
      await waitForEvent(server, USER_EVENTS, Number(params.timeout), res);
    }
    res.json({ ok: true, result: pending().map((u) => TelegramServer.formatUpdate(u)) });
  })],

  // The Bot API answers `true`; the package answers `null`, which aiogram rejects.
  [original.answerCallbackQuery, (app) => handle(app, '/bot:token/answerCallbackQuery',
    (_req, res) => res.json({ ok: true, result: true }))],
  [original.deleteMessage, (app, server) => handle(app, '/bot:token/deleteMessage', (req, res) => {
    if (!server.deleteMessage(Number(req.body.chat_id), Number(req.body.message_id))) {
      botError(res, 400, 'Bad Request: message to delete not found');
      return;
    }
    res.json({ ok: true, result: true });
  })],

  // Edits answer the edited Message (or `true` for inline messages), replace the keyboard as
  // Telegram does (no reply_markup = no buttons), refuse no-op edits like Telegram, and mark
  // the message unread so the test client sees the edit.
  [original.editMessageText, (app, server) => handle(app, '/bot:token/editMessageText',
    (req, res) => editBotMessage(server, req, res, (old, body) => ({
      ...old, text: body.text, entities: body.entities, parse_mode: body.parse_mode,
      reply_markup: body.reply_markup,
    }))
  )],
  [original.editMessageReplyMarkup, (app, server) => handle(app,
    '/bot:token/editMessageReplyMarkup',
    (req, res) => editBotMessage(server, req, res, (old, body) => ({
      ...old, reply_markup: body.reply_markup,
    }))
  )],

  // Unknown methods: `true` for settings-only ones, otherwise a Bot API error instead of a
  // bare HTTP 500 that aiogram cannot parse.
  [original.unknownMethod, (app) => handle(app, '/bot:token/:method', (req, res) => {
    if (ANSWERED_TRUE.has(req.params.method)) {
      res.json({ ok: true, result: true });
      return;
    }
    botError(res, 404, `Not Found: method ${req.params.method} is not emulated`);
  })],

  // Client side: the same filter as the package, plus an optional long-poll `timeout`.
  [original.clientGetUpdates, (app, server) => app.post('/getUpdates', async (req, res) => {
    const unread = () => server.storage.botMessages.filter((u) => (
      u.botToken === req.body.token && String(u.message.chat_id) === String(req.body.chatId)
      && !u.isRead));
    if (unread().length === 0 && Number(req.body.timeout) > 0) {
      await waitForEvent(server, BOT_EVENTS, Number(req.body.timeout), res);
    }
    const messages = unread();
    messages.forEach((u) => { u.isRead = true; });
    res.json({ ok: true, result: messages });
  })],
]);

function editBotMessage(server, req, res, apply) {
  const body = TelegramServer.normalizeMessage({ ...req.query, ...req.body });
  if (body.inline_message_id) {
    res.json({ ok: true, result: true });
    return;
  }
  const stored = server.storage.botMessages.find((u) => (
    u.botToken === req.params.token && String(u.messageId) === String(body.message_id)
    && String(u.message.chat_id) === String(body.chat_id)));
  if (!stored) {
    botError(res, 400, 'Bad Request: message to edit not found');
    return;
  }
  const edited = JSON.parse(JSON.stringify(apply(stored.message, body)));  // drops undefined
  const visible = (m) => JSON.stringify([m.text, m.reply_markup || null]);
  if (visible(edited) === visible(stored.message)) {
    botError(res, 400, 'Bad Request: message is not modified: specified new message content and'
      + ' reply markup are exactly the same as a current content and reply markup of the message');
    return;
  }
  Object.assign(stored, { message: edited, isRead: false, edited: true });
  server.emit(req.path.endsWith('Text') ? 'EditedMessageText' : 'EditedMessageReplyMarkup');
  res.json({ ok: true, result: asMessage(stored) });
}

for (let i = 0; i < routes.length; i++) {
  routes[i] = replacements.get(routes[i]) || routes[i];
}

// Callback queries must carry `chat_instance` (aiogram requires it); the package drops it.
// User messages also lose the package's bookkeeping field `botToken`.
const formatUpdate = TelegramServer.formatUpdate;
TelegramServer.formatUpdate = (update) => {
  const formatted = formatUpdate(update);
  if (formatted.callback_query) {
    const { chat_instance: chatInstance, message } = update.callbackQuery;
    formatted.callback_query.chat_instance = chatInstance || String(message.chat.id);
  } else {
    delete formatted.message.botToken;
  }
  return formatted;
};

async function main() {
  const port = Number(process.argv[2] || process.env.EMULATOR_PORT || 0);
  // storeTimeout: keep messages for an hour; the package's default minute is shorter than a
  // slow CI run.
  const server = new TelegramServer({ host: '127.0.0.1', port: port || 9000, storeTimeout: 3600 });
  server.config.port = port;  // normalizeConfig turns 0 into 9000; we want any free port
  await server.start();
  process.stdout.write(`ready http://127.0.0.1:${server.server.address().port}\n`);
  // Exit when the parent closes our stdin, so a killed test run leaves no emulator behind.
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}

main().catch((error) => {
  process.stderr.write(`emulator failed to start: ${error.stack || error}\n`);
  process.exit(1);
});
