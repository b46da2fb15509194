// ssh2, loaded on first use (see resolver.js).
module.exports = require('./lazyModule')(() => require('ssh2'));
