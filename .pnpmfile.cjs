// valibot (under @bull-board/api) declares TypeScript an optional peer dependency for its types.
// pnpm resolves optional peers that the workspace has, which put the compiler into the
// production install (`pnpm deploy --prod`); nothing loads it at run time.
module.exports = {
  hooks: {
    readPackage(pkg) {
      if (pkg.name === 'valibot') {
        delete pkg.peerDependencies?.typescript;
        delete pkg.peerDependenciesMeta?.typescript;
      }
      return pkg;
    },
  },
};
