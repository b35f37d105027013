/**
 * The actions the deploy workflows use, pinned by commit (a tag can be moved; a commit cannot). Each commit
 * is the one its release tag named when dropship pinned it; the tag is in the comment beside it.
 */
export const ACTIONS = {
  checkout: { uses: 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1', tag: 'v7.0.1' },
  awsCredentials: {
    uses: 'aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c',
    tag: 'v6.2.3',
  },
  appToken: {
    uses: 'actions/create-github-app-token@1b10c78c7865c340bc4f6099eb2f838309f1e8c3',
    tag: 'v3.1.1',
  },
} as const;
