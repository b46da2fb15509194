/**
 * n8n's Send Email node requires sanitize-html, whose HTML parser ships as an ES module only:
 * jest's module registry cannot load it, Node's own require can (require of ES modules, Node
 * 20.19 and later). jest.config.js maps sanitize-html here, so tests get the real module.
 */
const { createRequire } = require('module');

module.exports = createRequire(__filename)('sanitize-html');
