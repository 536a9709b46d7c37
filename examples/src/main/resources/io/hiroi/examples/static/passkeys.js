// Parley, the hiroi example app: passkey registration (Security page) and usernameless sign-in
// (sign-in page). The server's options are WebAuthn Level 3 JSON; the browser's answer goes back as
// credential.toJSON(), with the page's CSRF token, as a form post. Loaded with the CSP nonce.
'use strict';
document.addEventListener('DOMContentLoaded', function () {
  function wire(formId, optionsUrl, finishUrl, ceremony) {
    var form = document.getElementById(formId);
    if (!form) {
      return;
    }
    var status = form.querySelector('.status');
    function say(text) { status.textContent = text; }
    function post(url, fields) {
      var body = new URLSearchParams();
      body.append('_csrf', form.querySelector('input[name="_csrf"]').value);
      Object.keys(fields).forEach(function (k) { body.append(k, fields[k]); });
      return fetch(url, { method: 'POST', body: body, credentials: 'same-origin' }).then(function (r) {
        return r.json().then(function (json) {
          if (!r.ok) { throw new Error(json.message || 'The server refused the request.'); }
          return json;
        });
      });
    }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (!window.PublicKeyCredential || !PublicKeyCredential.parseCreationOptionsFromJSON) {
        say('This browser does not support passkeys here.');
        return;
      }
      say('Waiting for your device…');
      post(optionsUrl, {}).then(function (options) {
        return ceremony(options);
      }).then(function (credential) {
        return post(finishUrl, { credential: JSON.stringify(credential.toJSON()) });
      }).then(function (result) {
        say(result.message);
        window.location.assign(result.redirect);
      }).catch(function (err) {
        say(err && err.name === 'NotAllowedError' ? 'Cancelled, or no passkey for this site on this device.' : (err.message || 'That did not work.'));
      });
    });
  }
  wire('passkey-register-form', '/security/passkeys/options', '/security/passkeys/register', function (options) {
    return navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) });
  });
  wire('passkey-signin-form', '/signin/passkey/options', '/signin/passkey', function (options) {
    return navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options), mediation: 'optional' });
  });
});
