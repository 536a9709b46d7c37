// The Parley chat widget: one script tag on a customer's page. It asks the Parley API for a widget
// session token (granted only to safelisted origins), then sends chat messages with it. The page
// holds no secret: the token is bound to this widget and this page's origin, and expires.
(function () {
  'use strict';
  var script = document.currentScript;
  var api = script.getAttribute('data-api');
  var widget = script.getAttribute('data-widget');
  var token = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text) { e.textContent = text; }
    return e;
  }

  var root = el('div', 'parley');
  root.id = 'parley-widget';
  var log = el('div', 'parley-log');
  log.id = 'parley-log';
  var status = el('div', 'parley-status', 'Connecting…');
  status.id = 'parley-status';
  var form = el('form', 'parley-form');
  var input = el('input');
  input.id = 'parley-input';
  input.placeholder = 'Ask us anything';
  input.maxLength = 500;
  input.disabled = true;
  var send = el('button', null, 'Send');
  send.id = 'parley-send';
  send.type = 'submit';
  send.disabled = true;
  form.appendChild(input);
  form.appendChild(send);
  root.appendChild(el('div', 'parley-head', 'Chat with us'));
  root.appendChild(log);
  root.appendChild(status);
  root.appendChild(form);
  document.body.appendChild(root);

  function say(text, who) {
    var m = el('p', 'parley-msg ' + who, text); // textContent: a message is never HTML
    log.appendChild(m);
    log.scrollTop = log.scrollHeight;
  }

  function setStatus(text, kind) {
    status.textContent = text;
    status.className = 'parley-status' + (kind ? ' ' + kind : '');
  }

  function post(path, body) {
    var headers = { 'Content-Type': 'application/json' };
    if (token) { headers.Authorization = 'Bearer ' + token; }
    return fetch(api + path, { method: 'POST', headers: headers, body: JSON.stringify(body), credentials: 'omit' });
  }

  post('/api/widget/session', { widget: widget })
    .then(function (r) {
      if (!r.ok) { throw new Error('refused'); }
      return r.json();
    })
    .then(function (j) {
      token = j.token;
      input.disabled = false;
      send.disabled = false;
      setStatus('Connected', 'ok');
      say('Hi! How can we help?', 'bot');
    })
    .catch(function () {
      // A refused origin gets no CORS headers, so the browser hides even the status code.
      setStatus('This chat is not available on this site.', 'error');
    });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text || !token) { return; }
    say(text, 'me');
    input.value = '';
    post('/api/widget/messages', { widget: widget, text: text })
      .then(function (r) {
        if (r.status === 429) {
          var wait = parseInt(r.headers.get('Retry-After') || '1', 10);
          setStatus('You are sending messages too fast. Try again in ' + wait + ' s.', 'error');
          return null;
        }
        if (!r.ok) { throw new Error('failed'); }
        return r.json();
      })
      .then(function (j) {
        if (j) {
          setStatus('Connected', 'ok');
          say(j.reply, 'bot');
        }
      })
      .catch(function () { setStatus('The message could not be sent.', 'error'); });
  });
})();
