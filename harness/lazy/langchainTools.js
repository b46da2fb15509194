// @langchain/core/tools, loaded on first use (see resolver.js).
module.exports = require('./lazyModule')(() => require('@langchain/core/tools'));
