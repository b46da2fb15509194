// Copies node and credential icons next to the compiled code; tsc does not copy non-TS files.
const { src, dest, parallel } = require('gulp');

function copyNodeIcons() {
	return src('nodes/**/*.{png,svg}', { encoding: false }).pipe(dest('dist/nodes'));
}

function copyCredentialIcons() {
	return src('credentials/**/*.{png,svg}', { encoding: false }).pipe(dest('dist/credentials'));
}

exports['build:icons'] = parallel(copyNodeIcons, copyCredentialIcons);
