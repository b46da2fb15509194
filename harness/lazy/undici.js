// undici, loaded on first use (see resolver.js).
module.exports = require('./lazyModule')(() => require('undici'));
