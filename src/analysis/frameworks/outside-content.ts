import type { FrameworkModel } from './types.js';

const content = (callees: string[]): FrameworkModel['sources'] => callees.map((callee) => ({ callee, kind: 'content' }));

/**
 * Text from outside the program that a model ends up reading: fetched pages, search results,
 * retrieved documents, mail. Taint kind `content`, which only the prompt-injection check sees
 * (for an action sink such text is ordinary data). Python.
 */
export const outsideContentPython: FrameworkModel = {
  id: 'outside-content-python',
  title: 'Fetched pages, retrieved documents and mail (Python)',
  languages: ['python'],
  enablers: [],
  sources: content([
    'requests.get',
    'requests.post',
    'requests.put',
    'requests.patch',
    'requests.request',
    'requests.Session().get',
    'requests.Session().post',
    'requests.Session().put',
    'requests.Session().patch',
    'requests.Session().request',
    'requests.session().get',
    'requests.session().post',
    'requests.session().request',
    'httpx.get',
    'httpx.post',
    'httpx.put',
    'httpx.patch',
    'httpx.request',
    'httpx.*Client().get',
    'httpx.*Client().post',
    'httpx.*Client().put',
    'httpx.*Client().patch',
    'httpx.*Client().request',
    'urllib.request.urlopen',
    'aiohttp.ClientSession().get',
    'aiohttp.ClientSession().post',
    'aiohttp.ClientSession().request',
    'trafilatura.fetch_url',
    // retrieval: vector stores, retrievers, document loaders, search tools
    'langchain*.**.similarity_search*',
    'langchain*.**.max_marginal_relevance_search',
    'langchain*.**.as_retriever().invoke',
    'langchain*.**.as_retriever().get_relevant_documents',
    'langchain*.document_loaders.**().load',
    'langchain*.document_loaders.**().lazy_load',
    'langchain*.utilities.**().run',
    // a search wrapper's structured results (`SearxSearchWrapper(...).results(query)`, Serper's, Bing's, Google's)
    'langchain*.utilities.**().results',
    'langchain*.utilities.**().aresults',
    'langchain*.tools.**().invoke',
    'langchain*.tools.**().run',
    'llama_index.**.as_retriever().retrieve',
    'tavily.TavilyClient().search',
    'duckduckgo_search.DDGS().text',
    // mail
    'imaplib.IMAP4*().fetch',
    'email.message_from_bytes',
    'email.message_from_string',
  ]),
};

/** The same for JavaScript and TypeScript. */
export const outsideContentJs: FrameworkModel = {
  id: 'outside-content-js',
  title: 'Fetched pages and retrieved documents (JavaScript)',
  languages: ['javascript'],
  enablers: [],
  sources: content([
    'fetch',
    'globalThis.fetch',
    'node-fetch',
    'axios',
    'axios.get',
    'axios.post',
    'axios.request',
    'got',
    'got.get',
    'ky.get',
    'undici.request',
    'undici.fetch',
    '@langchain/**.similaritySearch*',
    '@langchain/**.maxMarginalRelevanceSearch',
    '@langchain/**.asRetriever().invoke',
    '@langchain/**.asRetriever().getRelevantDocuments',
    '@langchain/community/document_loaders/**().load',
    // `langchain/vectorstores/memory`, `langchain/document_loaders/fs/text`: unscoped specifiers are dotted
    'langchain.**.similaritySearch*',
    'langchain.**.maxMarginalRelevanceSearch',
    'langchain.**.asRetriever().invoke',
    'langchain.**.asRetriever().getRelevantDocuments',
    'langchain.document_loaders.**().load',
  ]),
};
