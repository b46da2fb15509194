// @n8n/client-oauth2, loaded on first use (see resolver.js).
module.exports = require('./lazyModule')(() => require('@n8n/client-oauth2'));
