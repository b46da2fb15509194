// xml2js, loaded on first use (see resolver.js).
module.exports = require('./lazyModule')(() => require('xml2js'));
