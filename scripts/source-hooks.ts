/**
 * Imported first by the scripts that load src/ from source: src/ is written for NodeNext, where
 * './x.js' names './x.ts', so plain node is told to try the .ts file. Static imports are resolved
 * before any module runs, so what needs this hook is imported dynamically after it.
 */
import { registerHooks } from 'node:module'

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context)
    } catch (error) {
      if (!specifier.startsWith('.') || !specifier.endsWith('.js')) throw error
      return nextResolve(`${specifier.slice(0, -3)}.ts`, context)
    }
  }
})
